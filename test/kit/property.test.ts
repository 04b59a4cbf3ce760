import { readdirSync } from 'node:fs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { Evaluation } from '@aws-sdk/client-config-service';
import { DatabaseMigrationServiceClient } from '@aws-sdk/client-database-migration-service';
import { RDSClient } from '@aws-sdk/client-rds';
import fc from 'fast-check';
import { CATALOG } from '../../rules/catalog';
import { DbauthError } from '../../rules/kit';
import { ClientFactory, makeRuleHandler, silentLogger } from '../../rules/kit/runtime';
import { serveFromMemory, simulatedCredentials } from '../../sim/transport';
import { EVENTS, loadJson } from '../helpers/fixtures';

/**
 * Whatever Config (or anyone) sends, the handler either puts valid evaluations or fails with a named
 * error: never a TypeError, never an evaluation Config would reject.
 */
const fixtures = readdirSync(EVENTS)
  .filter((name) => name.endsWith('.json') && name !== 'expected.json')
  .map((name) => loadJson<Record<string, unknown>>('events', name))
  .concat([loadJson('oversized-aurora-cluster.event.json'), loadJson('scheduled.event.json')]);
const history = loadJson('oversized-aurora-cluster.history.json');

const put: Evaluation[] = [];
const factory = new ClientFactory({
  credentials: simulatedCredentials,
  configure: (client) => {
    if (client instanceof ConfigServiceClient) {
      serveFromMemory(
        client,
        {
          PutEvaluations: (input) => {
            put.push(...((input['Evaluations'] as Evaluation[] | undefined) ?? []));
            return { FailedEvaluations: [] };
          },
          GetResourceConfigHistory: () => structuredClone(history),
          GetComplianceDetailsByConfigRule: () => ({ EvaluationResults: [] }),
        },
        'Config',
        { step: 'initialize' },
      );
    }
    if (client instanceof RDSClient) {
      const empty = { DescribeDBClusters: () => ({}), DescribeDBInstances: () => ({}), DescribeDBClusterSnapshots: () => ({}) };
      serveFromMemory(client, empty, 'RDS', { step: 'initialize' });
    }
    if (client instanceof DatabaseMigrationServiceClient) {
      serveFromMemory(client, { DescribeEndpoints: () => ({}) }, 'DMS', { step: 'initialize' });
    }
  },
});
const handlers = CATALOG.map((rule) => makeRuleHandler(rule, { factory, log: silentLogger, sleep: () => Promise.resolve() }));

type Json = unknown;

/** Replaces, removes or retypes one value somewhere inside `value`. */
function mutate(value: Json, path: readonly number[], replacement: Json, remove: boolean): Json {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return value;
  const key = keys[(path[0] as number) % keys.length] as string;
  const copy: Record<string, Json> = Array.isArray(value) ? ([...value] as unknown as Record<string, Json>) : { ...value };
  if (remove && path.length === 1) {
    delete copy[key];
    return copy;
  }
  copy[key] = mutate(copy[key], path.slice(1), replacement, remove);
  return copy;
}

/** Mutates the event, or the JSON inside its invokingEvent string (where the item lives). */
const mutatedEvent = fc
  .tuple(
    fc.nat(fixtures.length - 1),
    fc.boolean(),
    fc.array(fc.nat(40), { minLength: 1, maxLength: 6 }),
    fc.oneof(fc.jsonValue(), fc.constantFrom(null, '', 'TRUE', 'neptune', 'NePtUnE', 'docdb', 7.5, -1, 36, {}, [], [{}])),
    fc.boolean(),
  )
  .map(([index, insideInvokingEvent, path, replacement, remove]) => {
    const event = structuredClone(fixtures[index] as Record<string, Json>);
    if (!insideInvokingEvent || typeof event['invokingEvent'] !== 'string') return mutate(event, path, replacement, remove);
    const invoking = JSON.parse(event['invokingEvent']) as Json;
    return { ...event, invokingEvent: JSON.stringify(mutate(invoking, path, replacement, remove)) };
  });

/** Retypes or removes one field of the recorded configuration, where the rules read. */
const mutatedConfiguration = fc
  .tuple(
    fc.nat(fixtures.length - 1),
    fc.nat(200),
    fc.oneof(fc.jsonValue(), fc.constantFrom(undefined, null, '', 'true', 'NEPTUNE', 0, 40, -3, 2.5, [], ['all'], [1], { IamAuthEnabled: 'yes' })),
  )
  .map(([index, keyIndex, replacement]) => {
    const event = structuredClone(fixtures[index] as Record<string, Json>);
    if (typeof event['invokingEvent'] !== 'string') return event;
    const invoking = JSON.parse(event['invokingEvent']) as Record<string, Record<string, Record<string, Json> | null>>;
    const configuration = invoking['configurationItem']?.['configuration'];
    if (!configuration) return event;
    const keys = Object.keys(configuration);
    const key = keys[keyIndex % keys.length] as string;
    if (replacement === undefined) delete configuration[key];
    else configuration[key] = replacement;
    return { ...event, invokingEvent: JSON.stringify(invoking) };
  });

const anyEvent = fc.oneof(
  { weight: 4, arbitrary: mutatedEvent },
  { weight: 4, arbitrary: mutatedConfiguration },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.record({ invokingEvent: fc.string(), ruleParameters: fc.string(), resultToken: fc.string() }) },
);

const COMPLIANCE = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'];

it('never crashes: 10,000 random or mutated events give valid evaluations or a named error, for every rule', async () => {
  await fc.assert(
    fc.asyncProperty(anyEvent, fc.nat(CATALOG.length - 1), async (event, ruleIndex) => {
      put.length = 0;
      try {
        await (handlers[ruleIndex] as (e: unknown) => Promise<unknown>)(event);
      } catch (error) {
        if (!(error instanceof DbauthError)) throw error;
        expect(error.message).not.toMatch(/undefined|\[object Object\]/);
        return;
      }
      for (const evaluation of put) {
        expect(COMPLIANCE).toContain(evaluation.ComplianceType);
        expect(typeof evaluation.ComplianceResourceId).toBe('string');
        expect(evaluation.ComplianceResourceId?.length).toBeGreaterThan(0);
        expect(typeof evaluation.ComplianceResourceType).toBe('string');
        expect(evaluation.Annotation?.length).toBeGreaterThan(0);
        expect(evaluation.Annotation?.length).toBeLessThanOrEqual(256);
        expect(Number.isNaN(evaluation.OrderingTimestamp?.getTime())).toBe(false);
      }
    }),
    { numRuns: 10_000 },
  );
}, 180_000);
