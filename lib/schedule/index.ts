export * from "./firings";
export * from "./tumbling";
export * from "./timeline";
export * from "./ml-cron";
export * from "./ml-timeline";
