/** The path of the generated module, server/src/core/glossary/schemaValidators.generated.ts. */
export declare const generatedPath: string;
/** The generated module's text, from the schema files. */
export declare function generate(): string;
/** Writes the generated module when its text differs from {@link generate}'s; returns whether it did. */
export declare function writeSchemaValidators(): boolean;
