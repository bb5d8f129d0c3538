// The customer portal (docs/portal.md): links staff make per account, and the new-customer form a
// customer fills in through one. Shared by server and web.
import { z } from 'zod';
import { IdSchema, PersonRefSchema } from './common.js';

export const PortalLinkParamsSchema = z.object({ id: IdSchema });
export const PortalLinkIdParamsSchema = z.object({ id: IdSchema, linkId: IdSchema });

/** A link as staff see it in the list: never its token (only its hash is stored). */
export const PortalLinkSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  createdAt: z.string(),
  createdBy: PersonRefSchema.nullable(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type PortalLink = z.infer<typeof PortalLinkSchema>;

/** The answer to a create: the only place the token is ever shown, inside `url`. */
export const CreatedPortalLinkSchema = z.object({ id: IdSchema, url: z.string(), expiresAt: z.string() });
export type CreatedPortalLink = z.infer<typeof CreatedPortalLinkSchema>;

/** A create takes no fields (its lifetime is the organisation's setting); `{}` or no body. */
export const CreatePortalLinkSchema = z.strictObject({}).optional();

// The new-customer form ---------------------------------------------------------------------------

const line = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const PortalAddressSchema = z.strictObject({
  name: line(200).optional(),
  street: line(300).optional(),
  city: line(120).optional(),
  region: line(120).optional(),
  postalCode: line(30).optional(),
  country: line(80).optional(),
});
export type PortalAddress = z.infer<typeof PortalAddressSchema>;

/** An email while typing: empty, or an address (checked strictly when sent to us). */
const typedEmail = z
  .string()
  .trim()
  .max(254)
  .refine((v) => v === '' || z.email().safeParse(v).success, 'must be an email address');

export const PortalFormValuesSchema = z.strictObject({
  shipTo: PortalAddressSchema.optional(),
  billTo: PortalAddressSchema.optional(),
  /** The bill-to address is the ship-to address. */
  billToSameAsShipTo: z.boolean().optional(),
  accountsPayable: z
    .strictObject({
      name: line(200).optional(),
      email: typedEmail.optional(),
      phone: line(40).optional(),
    })
    .optional(),
  poRequirements: line(2000).optional(),
  shipmentDocuments: line(2000).optional(),
});
export type PortalFormValues = z.infer<typeof PortalFormValuesSchema>;

/** A save as they type: the fields given replace theirs; the others stay. */
export const PortalFormPatchSchema = PortalFormValuesSchema;

export const PortalFormSchema = z.object({
  values: PortalFormValuesSchema,
  updatedAt: z.string().nullable(),
  /** When they last pressed "Send to us". */
  submittedAt: z.string().nullable(),
});
export type PortalForm = z.infer<typeof PortalFormSchema>;

/** The form's fields in the order and words the portal and the staff see them. */
export const PORTAL_ADDRESS_FIELDS = [
  ['name', 'Company or recipient'],
  ['street', 'Street and number'],
  ['city', 'City'],
  ['region', 'State or region'],
  ['postalCode', 'Postal code'],
  ['country', 'Country'],
] as const satisfies readonly (readonly [keyof PortalAddress, string])[];

// Documents the customer uploads -----------------------------------------------------------------

export const PORTAL_DOCUMENT_KINDS = ['tax_exemption'] as const;
export type PortalDocumentKind = (typeof PORTAL_DOCUMENT_KINDS)[number];
/** The only files taken: checked by their first bytes, not by what the browser says. */
export const PORTAL_DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type PortalDocumentType = (typeof PORTAL_DOCUMENT_TYPES)[number];
/** 5 MB. */
export const PORTAL_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

export const PortalDocumentSchema = z.object({
  id: IdSchema,
  kind: z.enum(PORTAL_DOCUMENT_KINDS),
  fileName: z.string(),
  contentType: z.enum(PORTAL_DOCUMENT_TYPES),
  size: z.number().int(),
  uploadedAt: z.string(),
});
export type PortalDocument = z.infer<typeof PortalDocumentSchema>;
export const PortalDocumentIdParamsSchema = z.object({ id: IdSchema, documentId: IdSchema });
