/**
 * Microsoft's Kusto parser and binder (`@kusto/language-service-next`, the Kusto.Language engine
 * behind the Azure portal's query editors, a Bridge.NET build) with the Log Analytics tables the
 * library's queries read, declared from Learn's Azure Monitor table reference.
 */

// The Bridge.NET runtime first, then the Kusto.Language assembly; both install globals.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@kusto/language-service-next/bridge.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@kusto/language-service-next");

const K = (globalThis as any).Kusto.Language;

/** Columns every Log Analytics table has (Learn: "Standard columns in Azure Monitor Logs"). */
const STANDARD = [
  "TenantId:string",
  "Type:string",
  "_ResourceId:string",
  "_SubscriptionId:string",
  "_IsBillable:string",
  "_BilledSize:real",
  "SourceSystem:string",
];

/**
 * The tables, column by column. Sources:
 * - ADFPipelineRun, ADFActivityRun, ADFTriggerRun: Learn, "Azure Monitor Logs reference" pages
 *   `reference/tables/adfpipelinerun`, `adfactivityrun`, `adftriggerrun` (Columns); the trigger
 *   table's `TriggerId` and `TriggerFailureType` also appear in Learn's sample queries for it;
 * - AzureDiagnostics: Learn `reference/tables/azurediagnostics` (the columns every workspace has:
 *   Category, OperationName, ResultType, Resource, ResourceProvider, ResourceType, ...) plus the
 *   search service's own properties from Learn's "Azure AI Search monitoring data reference"
 *   (Properties schema: `Description_s`, `Documents_d`, `IndexName_s`, `Query_s`);
 * - AmlComputeJobEvent: Learn `reference/tables/amlcomputejobevent` (Columns; `EventType` "e.g.
 *   JobSubmitted, JobRunning, JobFailed, JobSucceeded").
 */
export const LOG_TABLES: Record<string, string[]> = {
  ADFPipelineRun: [
    "Annotations:string",
    "Category:string",
    "CorrelationId:string",
    "End:datetime",
    "ErrorCode:string",
    "ErrorMessage:string",
    "EventMessage:string",
    "FailureType:string",
    "Input:string",
    "Level:string",
    "Location:string",
    "OperationName:string",
    "Output:string",
    "Parameters:string",
    "PipelineName:string",
    "Predecessors:string",
    "ResourceId:string",
    "RunId:string",
    "Start:datetime",
    "Status:string",
    "SystemParameters:string",
    "Tags:string",
    "TimeGenerated:datetime",
    "UserProperties:string",
  ],
  ADFActivityRun: [
    "ActivityIterationCount:int",
    "ActivityName:string",
    "ActivityRunId:string",
    "ActivityType:string",
    "Annotations:string",
    "Category:string",
    "CorrelationId:string",
    "EffectiveIntegrationRuntime:string",
    "End:datetime",
    "Error:string",
    "ErrorCode:string",
    "ErrorMessage:string",
    "EventMessage:string",
    "FailureType:string",
    "Input:string",
    "Level:string",
    "LinkedServiceName:string",
    "Location:string",
    "OperationName:string",
    "Output:string",
    "PipelineName:string",
    "PipelineRunId:string",
    "ResourceId:string",
    "Start:datetime",
    "Status:string",
    "Tags:string",
    "TimeGenerated:datetime",
    "UserProperties:string",
  ],
  ADFTriggerRun: [
    "Annotations:string",
    "Category:string",
    "CorrelationId:string",
    "End:datetime",
    "EventMessage:string",
    "Level:string",
    "Location:string",
    "OperationName:string",
    "Parameters:string",
    "ResourceId:string",
    "Start:datetime",
    "Status:string",
    "SystemParameters:string",
    "Tags:string",
    "TimeGenerated:datetime",
    "TriggerEvent:string",
    "TriggerFailureType:string",
    "TriggerId:string",
    "TriggerName:string",
    "TriggerType:string",
    "UserProperties:string",
  ],
  AmlComputeJobEvent: [
    "ClusterId:string",
    "ClusterName:string",
    "ClusterResourceGroupName:string",
    "CreationApiVersion:string",
    "CustomerSubscriptionId:string",
    "ErrorDetails:string",
    "EventType:string",
    "ExecutionState:string",
    "ExperimentId:string",
    "ExperimentName:string",
    "InternalOperationName:string",
    "JobErrorMessage:string",
    "JobId:string",
    "JobName:string",
    "NodeId:string",
    "OperationName:string",
    "ProvisioningState:string",
    "ResourceGroupName:string",
    "ResultSignature:string",
    "RunInContainer:string",
    "TFParameterServerCount:string",
    "TFWorkerCount:string",
    "TimeGenerated:datetime",
    "ToolType:string",
    "WorkspaceName:string",
  ],
  AzureDiagnostics: [
    "TimeGenerated:datetime",
    "Category:string",
    "CorrelationId:string",
    "DurationMs:long",
    "Level:string",
    "OperationName:string",
    "OperationVersion:string",
    "Resource:string",
    "ResourceGroup:string",
    "ResourceId:string",
    "ResourceProvider:string",
    "ResourceType:string",
    "ResultDescription:string",
    "ResultSignature:string",
    "ResultType:string",
    "SubscriptionId:string",
    "Description_s:string",
    "Documents_d:real",
    "IndexName_s:string",
    "Query_s:string",
  ],
};

function globalsFor(tables: Record<string, string[]>) {
  const symbols = Object.entries(tables).map(
    ([name, columns]) =>
      new K.Symbols.TableSymbol.$ctor7(name, `(${[...columns, ...STANDARD].join(", ")})`, null),
  );
  const db = new K.Symbols.DatabaseSymbol.$ctor2("workspace", null, symbols);
  return K.GlobalState.Default.WithDatabase(db);
}

const GLOBALS = globalsFor(LOG_TABLES);

/** One diagnostic of the parser or binder. */
export interface KustoDiagnostic {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly start: number;
}

/** Everything Kusto.Language says about `query` against the workspace tables. */
export function analyze(
  query: string,
  tables?: Record<string, string[]>,
): {
  diagnostics: KustoDiagnostic[];
  errors: KustoDiagnostic[];
  columns: string[];
  code: unknown;
} {
  const code = K.KustoCode.ParseAndAnalyze(query, tables ? globalsFor(tables) : GLOBALS);
  const list = code.GetDiagnostics();
  const diagnostics: KustoDiagnostic[] = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    diagnostics.push({
      severity: String(d.Severity),
      code: String(d.Code),
      message: String(d.Message),
      start: Number(d.Start),
    });
  }
  const columns: string[] = [];
  const result = code.ResultType;
  if (result && result.Columns) {
    for (let i = 0; i < result.Columns.Count; i++)
      columns.push(String(result.Columns.getItem(i).Name));
  }
  return { diagnostics, errors: diagnostics.filter((d) => d.severity === "Error"), columns, code };
}

/** The tokens of `query` as Kusto's lexer reads them (comments dropped). */
export function tokens(query: string): string[] {
  const code = K.KustoCode.ParseAndAnalyze(query, GLOBALS);
  const out: string[] = [];
  for (let t = code.Syntax.GetFirstToken(); t; t = t.GetNextToken()) out.push(String(t.Text));
  return out;
}

/**
 * The tabular operators a query pipes through (the token after each `|`, and `union`/`search`
 * wherever they appear) and the functions it calls (an identifier followed by `(`).
 */
export function operatorsAndFunctions(query: string): { operators: string[]; functions: string[] } {
  const ts = tokens(query);
  const operators = new Set<string>();
  const functions = new Set<string>();
  ts.forEach((t, i) => {
    if (ts[i - 1] === "|") operators.add(t);
    if (t === "union" || t === "search") operators.add(t);
    if (ts[i + 1] === "(" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) functions.add(t);
  });
  return { operators: [...operators].sort(), functions: [...functions].sort() };
}
