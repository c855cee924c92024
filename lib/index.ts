export * from "./core";
export * from "./schedule";
export * from "./identity";
export * from "./datafactory";
export * from "./backup";
export * from "./search";
export * from "./plan";
export * from "./policy";
