export * from "./lifecycle";
export * from "./tags";
export * from "./account";
export * from "./copy";
export * from "./vault";
export * from "./data-backup";
