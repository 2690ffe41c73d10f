/** The shapes of /v1/tokens: what a write key sends to get a save token, and a token as answered (its secret once). */
import { z } from '@hono/zod-openapi';
import { zodMessage } from '../../messages/index.js';
import { GRANTS, TOKEN_TTL } from '../../store/tokens.js';

const shown = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 70 ? `${text.slice(0, 70)}…` : text;
};

/** One grant: unknown ones are named with the known ones (every bad entry reported, each at its index). */
export const GrantField = z
  .string()
  .superRefine((v, ctx) => {
    if (!(GRANTS as readonly string[]).includes(v)) ctx.addIssue({ code: 'custom', ...zodMessage('unknown-grant', { shown: shown(v), known: GRANTS }) });
  })
  .openapi({
    description: `What the token may do besides reading its workspace: ${GRANTS.join(', ')} (save-scenario = POST /v1/scenarios).`,
    enum: [...GRANTS],
    example: 'save-scenario',
  });

export const TtlSeconds = z
  .number()
  .superRefine((v, ctx) => {
    if (!Number.isInteger(v) || v < TOKEN_TTL.min || v > TOKEN_TTL.max)
      ctx.addIssue({ code: 'custom', ...zodMessage('token-ttl-out-of-range', { shown: shown(v), min: TOKEN_TTL.min, max: TOKEN_TTL.max }) });
  })
  .openapi({
    type: 'integer',
    minimum: TOKEN_TTL.min,
    maximum: TOKEN_TTL.max,
    default: TOKEN_TTL.default,
    description: `How long the token lives, in seconds: ${TOKEN_TTL.min}–${TOKEN_TTL.max}, default ${TOKEN_TTL.default} (15 minutes).`,
    example: 900,
  });

export const CreateTokenRequest = z
  .object({
    grants: z
      .array(GrantField)
      .min(1)
      .max(GRANTS.length * 4),
    ttlSeconds: TtlSeconds.optional(),
  })
  .strict()
  .openapi('CreateTokenRequest');

export const TOKEN_EXAMPLE = {
  id: 'tok_7m2kq9xw3n5p7r9t1v3x5z7b9d',
  prefix: 'bft_Zp4t8QmW',
  workspace: 'sichuan',
  grants: ['save-scenario' as const],
  issuedBy: 'key_5n3kq7xw2m4p6r8t0v2x4z6b8d',
  createdAt: '2026-03-02T08:15:30.120Z',
  expiresAt: '2026-03-02T08:30:30.120Z',
  revokedAt: null,
};

export const TokenInfo = z
  .object({
    id: z.string().openapi({ description: "The token's id (not its secret): for DELETE /v1/tokens/{id} and the audit trail.", example: TOKEN_EXAMPLE.id }),
    prefix: z
      .string()
      .openapi({ description: 'The first 12 characters of the token, to recognise it; the rest is never stored.', example: TOKEN_EXAMPLE.prefix }),
    workspace: z.string().openapi({ description: "The issuing key's workspace: the token reads it and saves into it." }),
    grants: z.array(z.enum(GRANTS)),
    issuedBy: z.string().openapi({ description: 'The id of the key that made it.' }),
    createdAt: z.string().openapi({ description: 'ISO-8601 UTC.' }),
    expiresAt: z.string().openapi({ description: 'ISO-8601 UTC: from then on the token is refused (401 token-expired).' }),
    revokedAt: z.string().nullable().openapi({ description: 'When it was revoked early (DELETE /v1/tokens/{id}), else null.' }),
  })
  .openapi('SaveToken', { example: TOKEN_EXAMPLE });

export const CreatedToken = TokenInfo.extend({
  token: z.string().openapi({
    description:
      'The token itself (bft_ and 43 characters), to hand to the page that embeds the widget, which sends it as Authorization: Bearer <token>. Shown this once: only its SHA-256 is stored. 令牌仅在此显示一次。',
    example: 'bft_Zp4t8QmWc2Lr7Xk9Nv3Bq6Hs1Dy5Fj0Ga8Ue4Ti2Kow',
  }),
}).openapi('CreatedSaveToken');
