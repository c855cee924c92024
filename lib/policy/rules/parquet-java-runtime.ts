import { forEachActivity, RawActivity } from "../../datafactory/activity-types";
import { RUNTIME_JAVA_TAG, RUNTIME_NODE_TAG } from "../../datafactory/runtime-names";
import { factoryOf, ofType, pipelineName, TYPES } from "../resources";
import type { PolicyResource, Rule, Violation } from "../types";

/** Copy source/sink types and dataset types that read or write Parquet or ORC. */
const COLUMNAR = /^(Parquet|Orc)(Source|Sink)?$/i;

const key = (factory: string | undefined, name: unknown) => `${factory ?? "?"}/${String(name)}`;

/**
 * Rule `parquet-java-runtime`: a Copy that reads or writes Parquet or ORC through a self-hosted
 * integration runtime needs Java on the runtime's nodes. Its severity, scope and the practice it
 * follows are listed in RULES.md.
 */
export const parquetJavaRuntime: Rule = {
  id: "parquet-java-runtime",
  title: "Parquet and ORC on a self-hosted integration runtime have Java on its nodes",
  why: "A self-hosted runtime serialises Parquet and ORC with Java: without a 64-bit JRE 8 or an OpenJDK found through JAVA_HOME on its machines the copy fails at run time (Learn, 'Parquet format in Azure Data Factory', section 'Using Self-hosted Integration Runtime'; the same for ORC).",
  practice: "Data conversion to Parquet on a self-hosted runtime needs Java on its machines",
  severity: "mandatory",
  scope: "resource",
  appliesTo: [TYPES.pipeline],
  check(ctx) {
    const selfHosted = new Set(
      ofType(ctx.resources, TYPES.integrationRuntime)
        .filter((r) => r.props.properties?.type === "SelfHosted")
        .map((r) => key(factoryOf(r), r.props.integrationRuntimeName ?? r.name)),
    );
    if (!selfHosted.size) return [];
    // Runtimes whose node scale set declares a Java runtime (SelfHostedIntegrationRuntime tags it).
    const withJava = new Set(
      ofType(ctx.resources, TYPES.scaleSet)
        .filter((r) => r.props.tags?.[RUNTIME_NODE_TAG] && r.props.tags?.[RUNTIME_JAVA_TAG])
        .map((r) => String(r.props.tags[RUNTIME_NODE_TAG])),
    );
    const datasets = new Map<string, PolicyResource>();
    for (const d of ofType(ctx.resources, TYPES.dataset))
      datasets.set(key(factoryOf(d), d.props.datasetName ?? d.name), d);
    const runtimeOfService = new Map<string, string>();
    for (const ls of ofType(ctx.resources, TYPES.linkedService)) {
      const via = ls.props.properties?.connectVia?.referenceName;
      if (typeof via === "string")
        runtimeOfService.set(key(factoryOf(ls), ls.props.linkedServiceName ?? ls.name), via);
    }

    return ofType(ctx.resources, TYPES.pipeline).flatMap((p): Violation[] => {
      const factory = factoryOf(p);
      const found: Violation[] = [];
      forEachActivity(p.props.activities, (a: RawActivity) => {
        if (a.type !== "Copy") return;
        const refs = [...(a.inputs ?? []), ...(a.outputs ?? [])]
          .map((r: any) => r?.referenceName)
          .filter((n: unknown): n is string => typeof n === "string");
        const sets = refs.map((n) => datasets.get(key(factory, n)));
        const columnar =
          COLUMNAR.test(String(a.source?.type ?? "")) ||
          COLUMNAR.test(String(a.sink?.type ?? "")) ||
          sets.some((d) => COLUMNAR.test(String(d?.props.properties?.type ?? "")));
        if (!columnar) return;
        const runtimes = new Set<string>();
        for (const d of sets) {
          const service = d?.props.properties?.linkedServiceName?.referenceName;
          const via = runtimeOfService.get(key(factory, service));
          if (via && selfHosted.has(key(factory, via)) && !withJava.has(via)) runtimes.add(via);
        }
        for (const runtime of runtimes)
          found.push({
            resource: p.urn,
            message: `Pipeline ${pipelineName(p)} copies Parquet/ORC in activity '${a.name}' on self-hosted integration runtime ${runtime}, whose nodes declare no Java runtime: the copy fails without a JRE. Install Java on the nodes (SelfHostedIntegrationRuntime nodes.installJava, the default), tag a scale set you manage with "${RUNTIME_NODE_TAG}: ${runtime}" and "${RUNTIME_JAVA_TAG}", or add a suppression with the reason.`,
          });
      });
      return found;
    });
  },
};
