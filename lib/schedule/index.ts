export * from "./firings";
export * from "./tumbling";
export * from "./timeline";
export * from "./indexer";
export * from "./ml-cron";
export * from "./ml-timeline";
