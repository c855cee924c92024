export * from "./names";
export * from "./workspace";
export * from "./compute";
export * from "./training-schedule";
export * from "./traffic";
export * from "./candidate-alert";
export * from "./shadow";
export * from "./train-on-arrival";
