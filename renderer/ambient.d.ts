// The contract's types reach main/core/secret.ts, which imports node:crypto. The renderer only
// needs the types, so the module is declared opaque here instead of loading all of @types/node.
declare module 'node:crypto';
