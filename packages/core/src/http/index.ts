export * from "./security-headers";
