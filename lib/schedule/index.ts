export * from "./firings";
export * from "./tumbling";
export * from "./timeline";
export * from "./indexer";
