/** The service's version, as package.json says (a test keeps them equal); every answer's provenance names it. */
export const SERVICE_VERSION = '0.2.0';
