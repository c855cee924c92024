export * from "./core";
export * from "./schedule";
export * from "./datafactory";
export * from "./plan";
export * from "./policy";
