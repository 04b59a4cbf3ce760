#!/usr/bin/env python3
"""Creates a small estate in a moto server with boto3 and prints what it made as JSON.

    estate.py ENDPOINT scan         the estate `dbauth scan` is judged on
    estate.py ENDPOINT case NAME    the one resource (and its neighbours) a runbook case needs
    estate.py ENDPOINT serve        the same requests, one a line on stdin ("scan", "case NAME"), each
                                    answered with one line of JSON on stdout (boto3 is imported once)

Only boto3's public API is used; moto is not patched. Where moto departs from AWS, the emulator run
names the gap (scripts/emulator/gaps.ts).
"""
import json
import sys

import boto3

REGION = "us-east-1"
ACCOUNT_ROLE = "arn:aws:iam::123456789012:role/dms-neptune-access"
OTHER_ACCOUNT = "210987654321"


def clients(endpoint):
    options = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")
    return boto3.client("rds", **options), boto3.client("neptune", **options), boto3.client("dms", **options)


def neptune_cluster(neptune, name, tags=(), **settings):
    cluster = neptune.create_db_cluster(DBClusterIdentifier=name, Engine="neptune", Tags=list(tags), **settings)["DBCluster"]
    return {"identifier": name, "resourceId": cluster["DbClusterResourceId"]}


def aurora_cluster(rds, name, engine, version, iam, tags=()):
    cluster = rds.create_db_cluster(
        DBClusterIdentifier=name, Engine=engine, EngineVersion=version, MasterUsername="app_owner",
        MasterUserPassword="not-a-real-secret-1", EnableIAMDatabaseAuthentication=iam, Tags=list(tags),
    )["DBCluster"]
    return {"identifier": name, "resourceId": cluster["DbClusterResourceId"]}


def instance(rds, name, engine, version, iam, tags=(), cluster=None):
    settings = dict(DBInstanceIdentifier=name, Engine=engine, DBInstanceClass="db.t3.medium", Tags=list(tags))
    if cluster:
        settings["DBClusterIdentifier"] = cluster
    else:
        settings.update(EngineVersion=version, MasterUsername="app_owner", MasterUserPassword="not-a-real-secret-1",
                        AllocatedStorage=20, EnableIAMDatabaseAuthentication=iam)
    made = rds.create_db_instance(**settings)["DBInstance"]
    return {"identifier": name, "resourceId": made["DbiResourceId"]}


def snapshot(neptune, cluster, name, share_with=(), tags=()):
    neptune.create_db_cluster_snapshot(DBClusterIdentifier=cluster, DBClusterSnapshotIdentifier=name, Tags=list(tags))
    if share_with:
        neptune.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier=name, AttributeName="restore", ValuesToAdd=list(share_with))
    return {"identifier": name, "resourceId": name}


def neptune_endpoint(dms, name, iam, role=ACCOUNT_ROLE, tags=()):
    settings = {"S3BucketName": "graph-staging", "S3BucketFolder": "loads", "ErrorRetryDuration": 250,
                "MaxFileSize": 1048576, "MaxRetryCount": 5, "IamAuthEnabled": iam}
    if role:
        settings["ServiceAccessRoleArn"] = role
    endpoint = dms.create_endpoint(EndpointIdentifier=name, EndpointType="target", EngineName="neptune",
                                   NeptuneSettings=settings, Tags=list(tags))["Endpoint"]
    return {"identifier": name, "resourceId": endpoint["EndpointArn"]}


def mysql_endpoint(dms, name):
    endpoint = dms.create_endpoint(EndpointIdentifier=name, EndpointType="source", EngineName="mysql",
                                   ServerName="db.example.internal", Port=3306, Username="reader", Password="not-a-real-secret-1")["Endpoint"]
    return {"identifier": name, "resourceId": endpoint["EndpointArn"]}


EXEMPT = [{"Key": "dbauth:exempt", "Value": "legacy loader, ticket DB-42"}]
TEAM = [{"Key": "team", "Value": "graph"}]


def scan_estate(rds, neptune, dms):
    made = {
        "graph-open": neptune_cluster(neptune, "graph-open", TEAM),
        "graph-hardened": neptune_cluster(
            neptune, "graph-hardened", TEAM, DeletionProtection=True, BackupRetentionPeriod=14,
            CopyTagsToSnapshot=True, EnableCloudwatchLogsExports=["audit"], StorageEncrypted=True,
        ),
        "aurora-iam": aurora_cluster(rds, "aurora-iam", "aurora-postgresql", "15.4", True),
        "aurora-no-iam": aurora_cluster(rds, "aurora-no-iam", "aurora-mysql", "8.0.mysql_aurora.3.05.2", False),
        "pg-no-iam": instance(rds, "pg-no-iam", "postgres", "16.3", False),
        "mysql-iam": instance(rds, "mysql-iam", "mysql", "8.0.35", True),
        "dms-graph-no-iam": neptune_endpoint(dms, "dms-graph-no-iam", False),
        "dms-graph-iam": neptune_endpoint(dms, "dms-graph-iam", True),
        "dms-mysql": mysql_endpoint(dms, "dms-mysql"),
    }
    made["snap-public"] = snapshot(neptune, "graph-open", "snap-public", ["all"])
    made["snap-shared"] = snapshot(neptune, "graph-hardened", "snap-shared", [OTHER_ACCOUNT])
    return made


def case_estate(name, rds, neptune, dms):
    """The resource a case remediates is `target`; every case starts from an empty server."""
    if name.startswith("snapshot-"):
        neptune_cluster(neptune, "graph-source")
        aurora_cluster(rds, "aurora-source", "aurora-postgresql", "15.4", False)
        shapes = {
            "snapshot-public": ("graph-source", ["all"], ()),
            "snapshot-shared": ("graph-source", [OTHER_ACCOUNT], ()),
            "snapshot-public-exempt": ("graph-source", ["all"], EXEMPT),
        }
        if name == "snapshot-public-aurora":
            rds.create_db_cluster_snapshot(DBClusterIdentifier="aurora-source", DBClusterSnapshotIdentifier="target-snap")
            rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier="target-snap", AttributeName="restore", ValuesToAdd=["all"])
            return {"target": {"identifier": "target-snap", "resourceId": "target-snap"}}
        cluster, share, tags = shapes[name]
        return {"target": snapshot(neptune, cluster, "target-snap", share, tags)}
    if name.startswith("instance-"):
        # One instance a case: moto gives every instance the same DbiResourceId.
        if name == "instance-cluster-member":
            aurora_cluster(rds, "aurora-parent", "aurora-mysql", "8.0.mysql_aurora.3.05.2", False)
            return {"target": instance(rds, "target-db", "aurora-mysql", None, False, cluster="aurora-parent")}
        iam = name == "instance-iam-on"
        tags = EXEMPT if name == "instance-exempt" else TEAM
        return {"target": instance(rds, "target-db", "postgres", "16.3", iam, tags)}
    if name.startswith("neptune-"):
        return {"target": neptune_cluster(neptune, "target-graph", TEAM)}
    if name == "aurora-no-iam":
        return {"target": aurora_cluster(rds, "target-aurora", "aurora-postgresql", "15.4", False)}
    if name.startswith("endpoint-"):
        shapes = {
            "endpoint-no-iam": dict(iam=False),
            "endpoint-iam-on": dict(iam=True),
            "endpoint-exempt": dict(iam=False, tags=EXEMPT),
            "endpoint-no-role": dict(iam=False, role=None),
        }
        return {"target": neptune_endpoint(dms, "target-endpoint", **shapes[name])}
    raise SystemExit(f"estate.py: no case {name}")


def answer(request, rds, neptune, dms):
    if request == ["scan"]:
        return scan_estate(rds, neptune, dms)
    if len(request) == 2 and request[0] == "case":
        return case_estate(request[1], rds, neptune, dms)
    raise SystemExit(__doc__)


def serve(rds, neptune, dms):
    for line in sys.stdin:
        try:
            reply = {"made": answer(line.split(), rds, neptune, dms)}
        except (Exception, SystemExit) as error:  # one bad request is reported, the server goes on
            reply = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    rds, neptune, dms = clients(argv[1])
    if argv[2:] == ["serve"]:
        serve(rds, neptune, dms)
    else:
        print(json.dumps(answer(argv[2:], rds, neptune, dms)))


if __name__ == "__main__":
    main(sys.argv)
