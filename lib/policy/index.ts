export * from "./types";
export * from "./resources";
export * from "./arm-address";
export * from "./peak-hours";
export * from "./engine";
export * from "./rules";
export * from "./crossguard";
export * from "./docs";
