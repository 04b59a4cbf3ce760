/**
 * Adapters from what a template or plan declares to the views the rules judge, so that the catalog's own
 * scope and evaluate judge a resource before it is deployed exactly as Config judges it afterwards.
 * Pure: no SDK, no file system.
 */
export * from './check';
export * from './cloudformation';
export * from './declared';
export * from './proactive';
export * from './shared';
export * from './terraform';
export * from './values';
