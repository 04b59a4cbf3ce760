import type { Case } from './fixtures';
import { exempt, judgeApi, judgeFixture, ruleOf, set } from './fixtures';
import { describedNeptuneCluster } from './api';

const RULE = 'neptune-cluster-multi-az-enabled';
const ADD_REPLICA =
  'add a read replica in another Availability Zone (create-db-instance --engine neptune --db-cluster-identifier <cluster> --availability-zone <zone>)';

/** Every option create-db-instance needs to add a Neptune replica; the writer's class and a free zone are the user's to fill in. */
const CREATE_REPLICA =
  'aws neptune create-db-instance --db-instance-identifier graph-legacy-replica --db-instance-class <class> --engine neptune --db-cluster-identifier graph-legacy --availability-zone <another zone>';

describe(RULE, () => {
  it.each<[string, Case, string, string]>([
    ['replicas in two zones', { fixture: 'neptune-iam-on.json' }, 'COMPLIANT', 'Multi-AZ is enabled'],
    ['single zone', { fixture: 'neptune-iam-off.json' }, 'NON_COMPLIANT', `Multi-AZ is disabled on Neptune cluster graph-legacy: ${CREATE_REPLICA}`],
    // The command names the cluster; the longer problem leaves the name out to keep the command whole.
    ['not recorded', { fixture: 'neptune-iam-off.json', change: set({ multiAZ: null }) }, 'NON_COMPLIANT', `Multi-AZ is not recorded as enabled: ${CREATE_REPLICA}`],
    ['exempt cluster', { fixture: 'neptune-iam-off.json', change: exempt('dev graph') }, 'NOT_APPLICABLE', 'exempt: dev graph'],
    ['Multi-AZ DB cluster of RDS', { fixture: 'rds-mysql-multi-az-cluster.json' }, 'NOT_APPLICABLE', 'mysql cluster: Neptune rules do not apply'],
    ['DocumentDB cluster', { fixture: 'docdb-cluster.json' }, 'NOT_APPLICABLE', 'docdb cluster: Neptune rules do not apply'],
  ])('%s', (_title, test, compliance, annotation) => {
    expect(judgeFixture(RULE, test)).toEqual({ compliance, annotation });
  });

  it('is fixed by hand, not by a runbook', () => {
    expect(ruleOf(RULE).fix).toEqual({ runbook: false, manual: `No setting turns Multi-AZ on: ${ADD_REPLICA}.` });
  });

  it('decodes the same verdicts from DescribeDBClusters', () => {
    expect(judgeApi(RULE, describedNeptuneCluster())).toEqual(judgeFixture(RULE, { fixture: 'neptune-iam-off.json' }));
    expect(judgeApi(RULE, describedNeptuneCluster({ MultiAZ: true })).compliance).toBe('COMPLIANT');
  });
});
