// No test may reach a credential provider, the instance metadata service or a real profile.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
process.env['AWS_ACCESS_KEY_ID'] = 'ASIATESTONLY';
process.env['AWS_SECRET_ACCESS_KEY'] = 'test-only';
process.env['AWS_REGION'] = 'us-east-1';
delete process.env['AWS_PROFILE'];
