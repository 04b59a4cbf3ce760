import type { ComplianceType, ResourceKind, Rule, RuleParameters } from '../kit';
import { fitAnnotation, judgeView } from '../kit';

/**
 * A resource as a template or plan declares it, before anything is deployed, turned into the same typed
 * view that a configuration item gives the rules. A value that only exists after deployment (a Ref or
 * GetAtt to another resource, a condition, a Terraform "known after apply") is an `Unknown`, never a guess.
 */
export class Unknown {
  constructor(
    /** Why the value cannot be known before deploy: "Fn::GetAtt Key.Arn", "known only after apply". */
    readonly reason: string,
    /** How to name what it refers to, where a name is all a rule needs: the referenced logical id. */
    readonly label: string = reason,
  ) {}
}

export const isUnknown = (value: unknown): value is Unknown => value instanceof Unknown;

/** A suppression written next to the resource (template metadata), with the reason a reviewer reads. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

export interface DeclaredResource {
  /** The Config resource kind whose rules judge it (Neptune clusters are AWS::RDS::DBCluster to Config). */
  readonly kind: ResourceKind<unknown>;
  /** As the source names the type: AWS::Neptune::DBCluster, aws_db_instance. */
  readonly sourceType: string;
  /** The CloudFormation logical id or the Terraform address. */
  readonly name: string;
  /** The view fields; any of them may be an `Unknown`. */
  readonly view: Readonly<Record<string, unknown>>;
  /** Tag values (an `Unknown` where a value is an intrinsic), or `Unknown` when the whole tag list is. */
  readonly tags: Readonly<Record<string, string | Unknown>> | Unknown;
  readonly suppressions: readonly Suppression[];
  /** The CDK construct path, when the template came from the CDK. */
  readonly cdkPath?: string;
  /** 1-based line of the resource in its file, where the format has lines. */
  readonly line?: number;
}

/** The statuses of a check: Config's three, and one for a verdict that depends on a value set at deploy. */
export type CheckStatus = ComplianceType | 'UNKNOWN_BEFORE_DEPLOY';
export const UNKNOWN_BEFORE_DEPLOY = 'UNKNOWN_BEFORE_DEPLOY';

export interface CheckVerdict {
  readonly status: CheckStatus;
  readonly annotation: string;
}

/**
 * Hands the rule a view in which every read of an unknown field is recorded (and reads as absent). A
 * verdict that read any unknown field is not a verdict: the rule's outcome depends on a value that does
 * not exist yet. Fields a rule never reads (an identifier, a key ARN without KmsKeyArns) cannot spoil it.
 */
function tracked(view: Readonly<Record<string, unknown>>): { proxy: Record<string, unknown>; reads: Unknown[] } {
  const reads: Unknown[] = [];
  const proxy = new Proxy({ ...view }, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (isUnknown(value)) {
        reads.push(value);
        return undefined;
      }
      return value;
    },
  });
  return { proxy, reads };
}

const cannotJudge = (reads: readonly Unknown[], what: string): CheckVerdict => ({
  status: UNKNOWN_BEFORE_DEPLOY,
  annotation: fitAnnotation(`cannot be judged before deploy: ${what} ${[...new Set(reads.map((r) => r.reason))].join('; ')}`),
});

/**
 * Judges a declared resource with a rule exactly as the Config rule judges a recorded one: scope, then the
 * exemption tag, then evaluate (the runtime's own `judgeView`), plus the template's suppressions.
 */
export function judgeDeclared(rule: Rule, resource: DeclaredResource, parameters: RuleParameters): CheckVerdict {
  if (resource.kind.type !== rule.kind.type) {
    return { status: 'NOT_APPLICABLE', annotation: `${resource.kind.type} is not judged by this rule (it judges ${rule.kind.type})` };
  }
  const scoped = tracked(resource.view);
  const outOfScope = rule.scope(scoped.proxy, parameters.rule);
  if (scoped.reads.length > 0) return cannotJudge(scoped.reads, 'whether this rule applies depends on');
  if (outOfScope !== undefined) return { status: 'NOT_APPLICABLE', annotation: fitAnnotation(outOfScope) };

  const suppression = resource.suppressions.find((s) => s.rule === rule.id);
  if (suppression) return { status: 'NOT_APPLICABLE', annotation: fitAnnotation(`suppressed in the template: ${suppression.reason}`) };

  const key = parameters.runtime.exemptionTagKey;
  if (isUnknown(resource.tags)) return cannotJudge([resource.tags], `the ${key} exemption tag depends on the tags,`);
  const exemption = resource.tags[key];
  if (isUnknown(exemption)) {
    return { status: 'NOT_APPLICABLE', annotation: fitAnnotation(`exempt: tagged ${key} (its reason is set at deploy: ${exemption.reason})`) };
  }
  const knownTags = Object.fromEntries(Object.entries(resource.tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

  const evaluated = tracked(resource.view);
  const verdict = judgeView(rule, evaluated.proxy, knownTags, parameters, resource.name);
  if (evaluated.reads.length > 0) return cannotJudge(evaluated.reads, 'the verdict depends on');
  return { status: verdict.compliance, annotation: verdict.annotation };
}

