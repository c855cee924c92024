export * from "./errors";
export * from "./duration";
export * from "./timezone";
export * from "./recurrence";
export * from "./naming";
export * from "./iso";
export * from "./storage-path";
export * from "./adf-json";
