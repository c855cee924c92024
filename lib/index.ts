export * from "./core";
export * from "./schedule";
export * from "./identity";
export * from "./datafactory";
export * from "./backup";
export * from "./ml";
export * from "./plan";
export * from "./policy";
