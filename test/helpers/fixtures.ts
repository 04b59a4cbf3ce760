import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const EVENTS = join(FIXTURES, 'events');

type Json = Record<string, unknown>;

/** A fresh copy of a fixture, so no test sees another's mutations. */
export function loadJson<T = Json>(...path: string[]): T {
  return JSON.parse(readFileSync(join(FIXTURES, ...path), 'utf8')) as T;
}

export function loadEvent(name: string): Json {
  return loadJson('events', name);
}

/** Returns a copy of a change-notification event whose configuration item was edited by `edit`. */
export function withItem(event: Json, edit: (item: Json) => void): Json {
  const invoking = JSON.parse(event['invokingEvent'] as string) as Json;
  edit(invoking['configurationItem'] as Json);
  return { ...event, invokingEvent: JSON.stringify(invoking) };
}

/** Returns a copy of an event with other rule parameters. */
export function withParameters(event: Json, parameters: Record<string, string>): Json {
  return { ...event, ruleParameters: JSON.stringify(parameters) };
}

export function itemOf(event: Json): Json {
  return (JSON.parse(event['invokingEvent'] as string) as Json)['configurationItem'] as Json;
}
