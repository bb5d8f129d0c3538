// Messages to customers (the outbox), their templates, and the mail server's status and test.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { pageOf } from '../../../../contract/common';
import {
  CorrectionSchema,
  MailStatusSchema,
  MessageSchema,
  MessageTemplateSchema,
  RenderedMessageSchema,
  TestEmailResultSchema,
  type CreateCorrection,
  type ListMessagesQuery,
  type UpdateDraftMessage,
  type MessageTemplateKey,
  type PreviewMessageTemplate,
  type UpdateMessageTemplate,
} from '../../../../contract/messages';
import { apiPath, del, get, itemsOf, patch, post, put } from '../../lib/api';
import { invalidate } from '../../lib/query';

export type MessageListQuery = Partial<ListMessagesQuery>;

export const messageKeys = {
  all: ['messages'] as const,
  list: (query: MessageListQuery) => ['messages', 'list', query] as const,
  templates: ['message-templates'] as const,
  mail: ['settings', 'mail'] as const,
};

const MessagePageSchema = pageOf(MessageSchema);

export function useMessages(query: MessageListQuery, options: { keepPrevious?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: messageKeys.list(query),
    queryFn: () => get('/messages', MessagePageSchema, { ...query }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    enabled: options.enabled,
  });
}

export function useRetryMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post(apiPath`/messages/${id}/retry`, MessageSchema),
    onSuccess: () => invalidate(qc, messageKeys.all),
  });
}

/** A draft's subject and text, edited before it is sent (the HTML part follows the text). */
export function useUpdateDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateDraftMessage }) => patch(apiPath`/messages/${id}`, MessageSchema, body),
    onSuccess: () => invalidate(qc, messageKeys.all),
  });
}

/** Sends a draft: it joins the outbox, and the step that drafted it is done (the order's tasks change). */
export function useSendDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, idempotencyKey }: { id: string; idempotencyKey: string }) =>
      post(apiPath`/messages/${id}/send`, MessageSchema, undefined, { idempotencyKey }),
    onSuccess: () => invalidate(qc, messageKeys.all, ['tasks'], ['orders']),
  });
}

/** A correction to a customer: queued to the contact, kept on the account timeline and the order history. */
export function useSendCorrection(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateCorrection; idempotencyKey: string }) =>
      post(apiPath`/accounts/${accountId}/corrections`, CorrectionSchema, body, { idempotencyKey }),
    onSuccess: () => invalidate(qc, messageKeys.all, ['orders'], ['accounts', 'detail', accountId]),
  });
}

export function useMessageTemplates() {
  return useQuery({ queryKey: messageKeys.templates, queryFn: () => get('/message-templates', itemsOf(MessageTemplateSchema)) });
}

export function useSaveMessageTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: MessageTemplateKey; body: UpdateMessageTemplate }) =>
      put(apiPath`/message-templates/${key}`, MessageTemplateSchema, body),
    onSuccess: () => invalidate(qc, messageKeys.templates),
  });
}

export function useResetMessageTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: MessageTemplateKey) => del(apiPath`/message-templates/${key}`, MessageTemplateSchema),
    onSuccess: () => invalidate(qc, messageKeys.templates),
  });
}

/** Renders a template as it is being edited (a 400 names the part, the variable and the line). */
export function previewTemplate(body: PreviewMessageTemplate) {
  return post('/message-templates/preview', RenderedMessageSchema, body);
}

export function useMailStatus() {
  return useQuery({ queryKey: messageKeys.mail, queryFn: () => get('/settings/mail', MailStatusSchema) });
}

export function useSendTestEmail() {
  return useMutation({ mutationFn: (to: string) => post('/settings/mail/test', TestEmailResultSchema, { to }) });
}
