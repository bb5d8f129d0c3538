// Messages to customers (the outbox), their templates, and the mail server's status and test.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CorrectionSchema,
  MailStatusSchema,
  MessageSchema,
  MessageTemplateSchema,
  RenderedMessageSchema,
  TestEmailResultSchema,
  CreateCorrection,
  ListMessagesQuery,
  UpdateDraftMessage,
  MessageTemplateKey,
  PreviewMessageTemplate,
  UpdateMessageTemplate,
} from '../../../../contract/messages';
import { apiPath, del, get, patch, post, put, type Answer, type Items, type Page } from '../../lib/api';
import { invalidate } from '../../lib/query';

export type MessageListQuery = Partial<ListMessagesQuery>;

export const messageKeys = {
  all: ['messages'] as const,
  list: (query: MessageListQuery) => ['messages', 'list', query] as const,
  templates: ['message-templates'] as const,
  mail: ['settings', 'mail'] as const,
};

type MessagePage = Page<typeof MessageSchema>;

export function useMessages(query: MessageListQuery, options: { keepPrevious?: boolean; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: messageKeys.list(query),
    queryFn: () => get<MessagePage>('/messages', { ...query }),
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
    enabled: options.enabled,
  });
}

export function useRetryMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<Answer<typeof MessageSchema>>(apiPath`/messages/${id}/retry`),
    onSuccess: () => invalidate(qc, messageKeys.all),
  });
}

/** A draft's subject and text, edited before it is sent (the HTML part follows the text). */
export function useUpdateDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateDraftMessage }) =>
      patch<Answer<typeof MessageSchema>>(apiPath`/messages/${id}`, body),
    onSuccess: () => invalidate(qc, messageKeys.all),
  });
}

/** Sends a draft: it joins the outbox, and the step that drafted it is done (the order's tasks change). */
export function useSendDraft() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, idempotencyKey }: { id: string; idempotencyKey: string }) =>
      post<Answer<typeof MessageSchema>>(apiPath`/messages/${id}/send`, undefined, { idempotencyKey }),
    onSuccess: () => invalidate(qc, messageKeys.all, ['tasks'], ['orders']),
  });
}

/** A correction to a customer: queued to the contact, kept on the account timeline and the order history. */
export function useSendCorrection(accountId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateCorrection; idempotencyKey: string }) =>
      post<Answer<typeof CorrectionSchema>>(apiPath`/accounts/${accountId}/corrections`, body, { idempotencyKey }),
    onSuccess: () => invalidate(qc, messageKeys.all, ['orders'], ['accounts', 'detail', accountId]),
  });
}

export function useMessageTemplates() {
  return useQuery({ queryKey: messageKeys.templates, queryFn: () => get<Items<typeof MessageTemplateSchema>>('/message-templates') });
}

export function useSaveMessageTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body }: { key: MessageTemplateKey; body: UpdateMessageTemplate }) =>
      put<Answer<typeof MessageTemplateSchema>>(apiPath`/message-templates/${key}`, body),
    onSuccess: () => invalidate(qc, messageKeys.templates),
  });
}

export function useResetMessageTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: MessageTemplateKey) => del<Answer<typeof MessageTemplateSchema>>(apiPath`/message-templates/${key}`),
    onSuccess: () => invalidate(qc, messageKeys.templates),
  });
}

/** Renders a template as it is being edited (a 400 names the part, the variable and the line). */
export function previewTemplate(body: PreviewMessageTemplate) {
  return post<Answer<typeof RenderedMessageSchema>>('/message-templates/preview', body);
}

export function useMailStatus() {
  return useQuery({ queryKey: messageKeys.mail, queryFn: () => get<Answer<typeof MailStatusSchema>>('/settings/mail') });
}

export function useSendTestEmail() {
  return useMutation({ mutationFn: (to: string) => post<Answer<typeof TestEmailResultSchema>>('/settings/mail/test', { to }) });
}
