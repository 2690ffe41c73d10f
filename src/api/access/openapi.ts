/**
 * How the OpenAPI document declares API keys: one HTTP bearer scheme, `bearerAuth`, registered on the
 * document by src/api/meta/route.ts, so /docs has an "Authorize" button and "Try it out" sends the key.
 * Routes that need a key say `security: KEY_REQUIRED`; the document's default (`KEY_OPTIONAL`) lets every
 * other route be called with or without one.
 */
export const BEARER_SCHEME = 'bearerAuth';

export const BEARER_SECURITY_SCHEME = {
  type: 'http' as const,
  scheme: 'bearer',
  bearerFormat: 'bfa_…',
  description:
    'An API key, sent as `Authorization: Bearer bfa_…`. Made once, shown once: by an admin with POST /v1/keys, or on the server with `npm run keys -- create --name … --scope read|write|admin`. Scopes nest: read < write < admin. Without a key: stateless calculations and public datasets, scenarios and models only. 需要写入或访问私有资源时，请以 Bearer 方式发送 API 密钥。',
};

/** A route that needs a key. */
export const KEY_REQUIRED: Record<string, string[]>[] = [{ [BEARER_SCHEME]: [] }];

/** A route open to anyone that also reads a key when one is sent (private resources, the rate limit's bucket). */
export const KEY_OPTIONAL: Record<string, string[]>[] = [{}, { [BEARER_SCHEME]: [] }];
