/** The shapes of /v1/keys: what an admin sends to make a key, and a key as listed (never its secret or hash). */
import { z } from '@hono/zod-openapi';
import { coded, plainText } from '../../schema/common.js';
import { message } from '../../messages/index.js';
import { SCOPES, WORKSPACE } from '../../store/keys.js';

export const Workspace = z
  .string()
  .superRefine((v, ctx) => {
    if (!WORKSPACE.test(v))
      ctx.addIssue({ code: 'custom', ...coded(message('bad-workspace', { shown: JSON.stringify(v.length > 70 ? v.slice(0, 70) + '…' : v) })) });
  })
  .openapi({
    description: 'The team the key works for: 1–64 lower-case letters, digits, "-" or "_". Private datasets, scenarios and models belong to one.',
    example: 'sichuan',
  });

export const ScopeField = z.enum(SCOPES).openapi({
  description:
    'read < write < admin, each covering the ones before it: read reads private resources of its workspace; write also writes them; admin also manages keys, reads the audit trail, and reaches every workspace.',
  example: 'write',
});

export const KeyName = plainText(100, 1).openapi({
  description: 'Who or what uses the key, for lists and the audit trail.',
  example: '绵阳市财政局 budget office',
});

export const CreateKeyRequest = z
  .object({
    name: KeyName,
    scope: ScopeField,
    workspace: Workspace.optional().openapi({
      description: "The key's workspace; default the creating admin's own. An admin may make keys for any workspace.",
    }),
  })
  .strict()
  .openapi('CreateKeyRequest');

export const KEY_EXAMPLE = {
  id: 'key_5n3kq7xw2m4p6r8t0v2x4z6b8d',
  name: '绵阳市财政局 budget office',
  workspace: 'sichuan',
  scope: 'write' as const,
  prefix: 'bfa_Q3h9xk2L',
  createdAt: '2026-03-02T08:15:30.120Z',
  createdBy: 'key_admin7xw2m4p6r8t0v2x4z6b8',
  revokedAt: null,
};

export const KeyInfo = z
  .object({
    id: z.string().openapi({ description: "The key's id (not its secret): for GET/DELETE /v1/keys/{id} and the audit trail.", example: KEY_EXAMPLE.id }),
    name: z.string(),
    workspace: z.string(),
    scope: ScopeField,
    prefix: z
      .string()
      .openapi({ description: 'The first 12 characters of the secret, to recognise it; the rest is never stored.', example: KEY_EXAMPLE.prefix }),
    createdAt: z.string().openapi({ description: 'ISO-8601 UTC.' }),
    createdBy: z.string().nullable().openapi({ description: 'The id of the admin key that made it, or "cli" (npm run keys).' }),
    revokedAt: z.string().nullable().openapi({ description: 'When it was revoked (ISO-8601 UTC); a revoked key is refused at once (401 revoked-key).' }),
  })
  .openapi('ApiKey', { example: KEY_EXAMPLE });

export const CreatedKey = KeyInfo.extend({
  secret: z.string().openapi({
    description:
      'The key itself, to send as Authorization: Bearer <secret>. Shown this once: only its SHA-256 is stored. 密钥仅在此显示一次，请立即妥善保存。',
    example: 'bfa_Q3h9xk2LtW0m5Yp8cR1vN7sD4fG6hJ2kL9zX3bV5nM0',
  }),
}).openapi('CreatedApiKey');
