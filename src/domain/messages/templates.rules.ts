// Message templates: the shipped texts and their rendering with liquidjs (docs/decisions/0014).
// Sandboxed: Liquid runs no JavaScript, reads only the variables given (own properties only, no
// prototype walk), has no file system (include/render find nothing) and stops at parse, render
// and memory limits. The HTML part escapes every output by default (outputEscape); the plain-text
// part does not (it is not HTML). Pure: no database.
import { Liquid, LiquidError } from 'liquidjs';
import type { MessageClass, MessageTemplateKey, RenderedMessage } from '../../../contract/messages.js';

export interface TemplateText {
  subject: string;
  text: string;
  html: string;
}

export interface ShippedTemplate extends TemplateText {
  key: MessageTemplateKey;
  name: string;
  description: string;
  class: MessageClass;
}

const SIGNATURE_TEXT = `{% if csr %}{{ csr.name }}
{{ organisation.name }}{% if csr.email %}
{{ csr.email }}{% endif %}{% else %}{{ organisation.name }}{% endif %}`;
const SIGNATURE_HTML = `<p>{% if csr %}{{ csr.name }}<br>{{ organisation.name }}{% if csr.email %}<br><a href="mailto:{{ csr.email }}">{{ csr.email }}</a>{% endif %}{% else %}{{ organisation.name }}{% endif %}</p>`;
const LINES_TEXT = `{% for line in order.lines %}
- {{ line.quantity }} × {% if line.sku %}{{ line.sku }} {% endif %}{{ line.description }}{% endfor %}`;
const LINES_HTML = `{% if order.lines.size > 0 %}<ul>{% for line in order.lines %}<li>{{ line.quantity }} × {% if line.sku %}{{ line.sku }} {% endif %}{{ line.description }}</li>{% endfor %}</ul>{% endif %}`;
/** One step of a colleague's digest (HTML escapes it like every output). */
const DIGEST_STEP = '{{ step.title }}{% if step.about %} — {{ step.about }}{% endif %} (due {{ step.due }})';

/** The templates Rapport ships; an organisation's saved text replaces one (message_templates). */
export const SHIPPED_TEMPLATES: Record<MessageTemplateKey, ShippedTemplate> = {
  tracking: {
    key: 'tracking',
    name: 'Tracking information',
    description: 'Sent to the account’s primary contact when an order ships with a carrier and tracking number (essential).',
    class: 'essential',
    subject: 'Order {{ order.number }} has shipped',
    text: `Hello {{ contact.name }},

your order {{ order.number }} left us on {{ order.shipped_on }} with {{ order.carrier }}.
Tracking number: {{ order.tracking_number }}{% if tracking_link %}
Follow it here: {{ tracking_link }}{% endif %}
{% if order.lines.size > 0 %}
What is in it:{{ LINES }}
{% endif %}
{% if csr %}If anything looks wrong when it arrives, reply to this mail and it reaches me directly.{% else %}If anything looks wrong when it arrives, reply to this mail.{% endif %}

${SIGNATURE_TEXT}`.replace('{{ LINES }}', LINES_TEXT),
    html: `<p>Hello {{ contact.name }},</p>
<p>your order <b>{{ order.number }}</b> left us on {{ order.shipped_on }} with {{ order.carrier }}.<br>
Tracking number: {% if tracking_link %}<a href="{{ tracking_link }}">{{ order.tracking_number }}</a>{% else %}{{ order.tracking_number }}{% endif %}</p>
${LINES_HTML}
<p>{% if csr %}If anything looks wrong when it arrives, reply to this mail and it reaches me directly.{% else %}If anything looks wrong when it arrives, reply to this mail.{% endif %}</p>
${SIGNATURE_HTML}`,
  },
  progress_update: {
    key: 'progress_update',
    name: 'Progress update',
    description:
      'News about an order in progress, sent at a playbook’s milestones with the step’s news (a progress message: at most a few per contact a week).',
    class: 'progress',
    subject: 'Order {{ order.number }}: {% if news %}{{ news.headline }}{% else %}{{ order.status }}{% endif %}',
    text: `Hello {{ contact.name }},

a short update on your order {{ order.number }}: {% if news %}{{ news.text }}{% else %}it is now {{ order.status }}.{% endif %}{% if order.promised_date %}
We are on track for the date we promised, {{ order.promised_date }}.{% endif %}

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p>a short update on your order <b>{{ order.number }}</b>: {% if news %}{{ news.text }}{% else %}it is now {{ order.status }}.{% endif %}{% if order.promised_date %}<br>
We are on track for the date we promised, {{ order.promised_date }}.{% endif %}</p>
${SIGNATURE_HTML}`,
  },
  late_notice: {
    key: 'late_notice',
    name: 'Late notice',
    description:
      'Drafted when an order is at risk of shipping late, for the CSR to complete and send before the promised date passes (essential). Parts in [[double brackets]] must be written before it can be sent.',
    class: 'essential',
    subject: 'Order {{ order.number }} will ship later than promised',
    text: `Hello {{ contact.name }},

we promised to ship your order {{ order.number }} on {{ order.promised_date }}, and we will not make that date.
It will now ship on {% if order.expected_ship_date > order.promised_date %}{{ order.expected_ship_date }}{% else %}[[the new date]]{% endif %}.

What happened: [[what caused the delay]]
What we are doing about it: [[what is being done]]

I am sorry. I will call you to talk it through and to see how we can limit the damage on your side.

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p>we promised to ship your order <b>{{ order.number }}</b> on {{ order.promised_date }}, and we will not make that date.<br>
It will now ship on <b>{% if order.expected_ship_date > order.promised_date %}{{ order.expected_ship_date }}{% else %}[[the new date]]{% endif %}</b>.</p>
<p>What happened: [[what caused the delay]]<br>
What we are doing about it: [[what is being done]]</p>
<p>I am sorry. I will call you to talk it through and to see how we can limit the damage on your side.</p>
${SIGNATURE_HTML}`,
  },
  correction: {
    key: 'correction',
    name: 'Correction',
    description: 'Corrects something we told the customer that turned out untrue (essential).',
    class: 'essential',
    subject: 'A correction{% if order %} about order {{ order.number }}{% endif %}',
    text: `Hello {{ contact.name }},

something we told you{% if order %} about order {{ order.number }}{% endif %} was not right, and I want you to hear it from us first.
{% if correction %}
What we said: {{ correction.said }}
What is true: {{ correction.text }}
{% endif %}
I am sorry for the confusion.

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p>something we told you{% if order %} about order <b>{{ order.number }}</b>{% endif %} was not right, and I want you to hear it from us first.</p>
{% if correction %}<p>What we said: {{ correction.said }}</p>
<p style="white-space: pre-line">What is true: {{ correction.text }}</p>{% endif %}
<p>I am sorry for the confusion.</p>
${SIGNATURE_HTML}`,
  },
  generic: {
    key: 'generic',
    name: 'General message',
    description: 'A plain message to a contact, for anything the other templates do not cover.',
    class: 'essential',
    subject: 'From {{ organisation.name }}',
    text: `Hello {{ contact.name }},

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
${SIGNATURE_HTML}`,
  },
  thank_you_note: {
    key: 'thank_you_note',
    name: 'Thank-you note',
    description: 'A thank-you note a colleague wrote in their own words (docs/thank-you-notes.md): the words go in as written.',
    class: 'essential',
    subject: 'Thank you from {{ organisation.name }}',
    text: `Hello {{ contact.name }},

{{ note.text }}

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p style="white-space: pre-line">{{ note.text }}</p>
${SIGNATURE_HTML}`,
  },
  // The mail of a calendar invitation; the event itself is the attached .ics (invitation.rules.ts).
  invitation: {
    key: 'invitation',
    name: 'Calendar invitation',
    description:
      'Sent with a calendar invitation (.ics) when a call or meeting step with `invite` opens with an assignee, and again when it changes hands (essential).',
    class: 'essential',
    subject: 'Invitation: {{ invitation.title }} — {{ invitation.starts }}',
    text: `Hello {{ contact.name }},

{{ invitation.title }}{% if order %} (order {{ order.number }}, {{ account.name }}){% else %} ({{ account.name }}){% endif %}
When: {{ invitation.starts }}, {{ invitation.minutes }} minutes
The invitation is attached: accept it to put it in your calendar.

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p><b>{{ invitation.title }}</b>{% if order %} (order {{ order.number }}, {{ account.name }}){% else %} ({{ account.name }}){% endif %}<br>
When: {{ invitation.starts }}, {{ invitation.minutes }} minutes</p>
<p>The invitation is attached: accept it to put it in your calendar.</p>
${SIGNATURE_HTML}`,
  },
  invitation_cancelled: {
    key: 'invitation_cancelled',
    name: 'Calendar cancellation',
    description:
      'Sent with a calendar cancellation (.ics, METHOD:CANCEL) when a step that sent invitations is skipped, or to its previous assignee when it changes hands (essential).',
    class: 'essential',
    subject: 'Cancelled: {{ invitation.title }} — {{ invitation.starts }}',
    text: `Hello {{ contact.name }},

{{ invitation.title }}{% if order %} (order {{ order.number }}, {{ account.name }}){% else %} ({{ account.name }}){% endif %}, planned for {{ invitation.starts }}, is cancelled{% if invitation.reason %}: {{ invitation.reason }}{% endif %}.
The cancellation is attached: it takes the event out of your calendar.

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p><b>{{ invitation.title }}</b>{% if order %} (order {{ order.number }}, {{ account.name }}){% else %} ({{ account.name }}){% endif %}, planned for {{ invitation.starts }}, is cancelled{% if invitation.reason %}: {{ invitation.reason }}{% endif %}.</p>
<p>The cancellation is attached: it takes the event out of your calendar.</p>
${SIGNATURE_HTML}`,
  },
  survey_invitation: {
    key: 'survey_invitation',
    name: 'Survey invitation',
    description:
      'Asks the contact for a short survey after a touchpoint, with a link that takes one answer (essential: a survey step, or sent from the account page).',
    class: 'essential',
    subject: '{{ survey.name }}: how did we do?',
    text: `Hello {{ contact.name }},

{% if order %}your order {{ order.number }} is behind us, and {% endif %}we would like to know how it went for you. {{ survey.intro }}

It takes a minute: {{ survey.link }}
The link is yours, takes one answer and works until {{ survey.expires_on }}.

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p>{% if order %}your order <b>{{ order.number }}</b> is behind us, and {% endif %}we would like to know how it went for you. {{ survey.intro }}</p>
<p><a href="{{ survey.link }}">Answer the survey</a> — it takes a minute.<br>
The link is yours, takes one answer and works until {{ survey.expires_on }}.</p>
${SIGNATURE_HTML}`,
  },
  survey_reminder: {
    key: 'survey_reminder',
    name: 'Survey reminder',
    description: 'The one reminder of an unanswered survey, a few days after the invitation (essential; days in Settings).',
    class: 'essential',
    subject: 'A reminder: {{ survey.name }}',
    text: `Hello {{ contact.name }},

a few days ago we asked how {% if order %}your order {{ order.number }}{% else %}it{% endif %} went for you. If you have a minute, your answer helps us do better: {{ survey.link }}
This is the only reminder; the link works until {{ survey.expires_on }}.

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p>a few days ago we asked how {% if order %}your order <b>{{ order.number }}</b>{% else %}it{% endif %} went for you. If you have a minute, your answer helps us do better: <a href="{{ survey.link }}">answer the survey</a>.</p>
<p>This is the only reminder; the link works until {{ survey.expires_on }}.</p>
${SIGNATURE_HTML}`,
  },
  testimonial_request: {
    key: 'testimonial_request',
    name: 'Testimonial request',
    description:
      'Asks the contact whether we may quote them, with the proposed words; they edit, approve or decline them and choose how they are named (essential).',
    class: 'essential',
    subject: 'May we quote you?',
    text: `Hello {{ contact.name }},

thank you for the kind words about working with us. May we quote you? We wrote them down like this:

"{{ testimonial.proposed_text }}"

Change them as you like, and choose how you are named — full name, initials or a made-up name — or say no: {{ testimonial.link }}
We only ever show what you approve, as you approve it, and take it down the moment you ask.

${SIGNATURE_TEXT}`,
    html: `<p>Hello {{ contact.name }},</p>
<p>thank you for the kind words about working with us. May we quote you? We wrote them down like this:</p>
<blockquote>{{ testimonial.proposed_text }}</blockquote>
<p><a href="{{ testimonial.link }}">Change them as you like and choose how you are named</a> — full name, initials or a made-up name — or say no.<br>
We only ever show what you approve, as you approve it, and take it down the moment you ask.</p>
${SIGNATURE_HTML}`,
  },
  // To a colleague the moment an overdue step is escalated to their role (docs/escalation.md).
  escalation_notice: {
    key: 'escalation_notice',
    name: 'Escalation notice',
    description: 'Sent to each holder of the escalation role when an overdue step is escalated to them (essential, to colleagues).',
    class: 'essential',
    subject: 'Overdue: {{ escalation.title }}',
    text: `Hello {{ contact.name }},

a step is overdue and now yours to unblock: {{ escalation.title }}{% if order %} (order {{ order.number }}, {{ account.name }}){% else %} ({{ account.name }}){% endif %}.
It was due {{ escalation.due }}, for the {{ escalation.role }} role{% if escalation.assignee %}, assigned to {{ escalation.assignee }}{% endif %}.
Find out what blocks it, and get it done or hand it to someone who can. It is in your My day.

{{ organisation.name }}`,
    html: `<p>Hello {{ contact.name }},</p>
<p>a step is overdue and now yours to unblock: <b>{{ escalation.title }}</b>{% if order %} (order {{ order.number }}, {{ account.name }}){% else %} ({{ account.name }}){% endif %}.<br>
It was due {{ escalation.due }}, for the {{ escalation.role }} role{% if escalation.assignee %}, assigned to {{ escalation.assignee }}{% endif %}.</p>
<p>Find out what blocks it, and get it done or hand it to someone who can. It is in your My day.</p>
<p>{{ organisation.name }}</p>`,
  },
  staff_digest: {
    key: 'staff_digest',
    name: 'Daily digest',
    description:
      'Sent each morning to every colleague with steps due today or overdue: theirs, and those waiting in the pool of their roles (essential, to colleagues; Settings turns it off).',
    class: 'essential',
    subject:
      '{% if digest.overdue_count > 0 %}{{ digest.overdue_count }} overdue · {% endif %}{% if digest.today_count > 0 %}{{ digest.today_count }} due today · {% endif %}{% if digest.pool_count > 0 %}{{ digest.pool_count }} waiting for your role · {% endif %}{{ digest.date }}',
    text: `Good morning {{ contact.name }},

here is your day, {{ digest.date }}.
{% if digest.overdue_count > 0 %}
Overdue ({{ digest.overdue_count }}):{% for step in digest.overdue %}
- ${DIGEST_STEP}{% endfor %}{% if digest.overdue_count > digest.overdue.size %}
- and {{ digest.overdue_count | minus: digest.overdue.size }} more{% endif %}
{% endif %}{% if digest.today_count > 0 %}
Due today ({{ digest.today_count }}):{% for step in digest.today %}
- ${DIGEST_STEP}{% endfor %}{% if digest.today_count > digest.today.size %}
- and {{ digest.today_count | minus: digest.today.size }} more{% endif %}
{% endif %}{% if digest.pool_count > 0 %}
Waiting for someone in your role ({{ digest.pool_count }}):{% for step in digest.pool %}
- ${DIGEST_STEP}{% endfor %}{% if digest.pool_count > digest.pool.size %}
- and {{ digest.pool_count | minus: digest.pool.size }} more{% endif %}
{% endif %}
Open your day: {{ digest.link }}

{{ organisation.name }}`,
    html: `<p>Good morning {{ contact.name }},</p>
<p>here is your day, {{ digest.date }}.</p>
{% if digest.overdue_count > 0 %}<p><b>Overdue ({{ digest.overdue_count }})</b></p><ul>{% for step in digest.overdue %}<li>${DIGEST_STEP}</li>{% endfor %}{% if digest.overdue_count > digest.overdue.size %}<li>and {{ digest.overdue_count | minus: digest.overdue.size }} more</li>{% endif %}</ul>{% endif %}
{% if digest.today_count > 0 %}<p><b>Due today ({{ digest.today_count }})</b></p><ul>{% for step in digest.today %}<li>${DIGEST_STEP}</li>{% endfor %}{% if digest.today_count > digest.today.size %}<li>and {{ digest.today_count | minus: digest.today.size }} more</li>{% endif %}</ul>{% endif %}
{% if digest.pool_count > 0 %}<p><b>Waiting for someone in your role ({{ digest.pool_count }})</b></p><ul>{% for step in digest.pool %}<li>${DIGEST_STEP}</li>{% endfor %}{% if digest.pool_count > digest.pool.size %}<li>and {{ digest.pool_count | minus: digest.pool.size }} more</li>{% endif %}</ul>{% endif %}
<p><a href="{{ digest.link }}">Open your day</a></p>
<p>{{ organisation.name }}</p>`,
  },
};

// --- variables ---------------------------------------------------------------------------------

export interface PersonVars {
  name: string;
  email: string | null;
}
export interface LineVars {
  sku: string | null;
  description: string | null;
  quantity: string;
}
export interface OrderVars {
  number: string;
  /** Readable status ("In production"). */
  status: string;
  promised_date: string | null;
  expected_ship_date: string | null;
  shipped_on: string | null;
  carrier: string | null;
  tracking_number: string | null;
  lines: LineVars[];
}
/** A step in a colleague's digest: its title, what it is about ("order SO-1 · Acme"), when it is due, in words. */
export interface DigestStepVars {
  title: string;
  about: string | null;
  due: string;
}
/** What a template may use. A name not here is an unknown variable (refused on save). */
export interface MessageVariables {
  contact: PersonVars & { title: string | null };
  account: { name: string };
  order: OrderVars | null;
  csr: PersonVars | null;
  gm: PersonVars | null;
  rep: PersonVars | null;
  tracking_link: string | null;
  /**
   * Always null for now: Rapport keeps only a hash of a portal link's token (docs/portal.md), so a
   * message could carry one only by making a new link per message.
   */
  portal_link: string | null;
  organisation: { name: string };
  /** A thank-you note's own words (the thank_you_note template); null for other messages. */
  note: { text: string } | null;
  /** A correction's two sides (the correction template): what we said, and what is true. */
  correction: { said: string; text: string } | null;
  /** What happened, from the playbook step that sends the message (its `news`); null otherwise. */
  news: { headline: string; text: string } | null;
  /** A calendar invitation: what, when (in the account's timezone, in words) and how long. */
  invitation: { title: string; starts: string; minutes: string; reason?: string | null } | null;
  /** An escalated step: its title, when it was due (in words), its role and its assignee (the escalation_notice template). */
  escalation: { title: string; due: string; role: string; assignee: string | null } | null;
  /** A colleague's morning digest (the staff_digest template): the day in words, their overdue and due-today steps, the role pool's, and a link to My day. */
  digest: {
    date: string;
    link: string;
    overdue_count: number;
    today_count: number;
    pool_count: number;
    overdue: DigestStepVars[];
    today: DigestStepVars[];
    pool: DigestStepVars[];
  } | null;
  /** A survey invitation or reminder: the survey's name and intro, its single-answer link and its last day. */
  survey: { name: string; intro: string; link: string; expires_on: string } | null;
  /** A testimonial request: the words proposed and the link to approve them. */
  testimonial: { proposed_text: string; link: string } | null;
}

/** Every variable filled: a template is checked against this, so only a truly unknown name fails. */
export function sampleVariables(orgName: string): MessageVariables {
  return {
    contact: { name: 'Jane Buyer', email: 'jane@example.com', title: 'Purchasing manager' },
    account: { name: 'Example Customer Ltd' },
    order: {
      number: 'SO-10481',
      status: 'In production',
      promised_date: '2026-03-20',
      expected_ship_date: '2026-03-19',
      shipped_on: '2026-03-19',
      carrier: 'UPS',
      tracking_number: '1Z999AA10123456784',
      lines: [{ sku: 'PCB-4L-100', description: 'Four-layer board, 100 × 80 mm', quantity: '250' }],
    },
    csr: { name: 'Cora Service', email: 'cora@example.com' },
    gm: { name: 'Gene Manager', email: 'gene@example.com' },
    rep: { name: 'Rita Sales', email: 'rita@example.com' },
    tracking_link: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    portal_link: null,
    organisation: { name: orgName },
    note: { text: 'Thank you for your patience with the reel change last month.' },
    correction: { said: 'The boards would ship with gold plating.', text: 'They ship with tin plating; gold adds a week.' },
    news: {
      headline: 'drawings and specifications reviewed',
      text: 'Our engineers reviewed your drawings and specifications: everything needed to build your order is here.',
    },
    invitation: {
      title: 'Kickoff meeting',
      starts: 'Tuesday 3 March 2026, 09:00 (America/Chicago)',
      minutes: '30',
      reason: 'the customer asked to meet next week instead',
    },
    escalation: {
      title: 'Double inspection',
      due: 'Monday 2 March 2026, 17:00 (America/Chicago)',
      role: 'quality',
      assignee: 'Quinn Quality',
    },
    digest: {
      date: 'Monday 2 March 2026',
      link: 'https://rapport.example.com/',
      overdue_count: 1,
      today_count: 1,
      pool_count: 1,
      overdue: [{ title: 'Double inspection', about: 'order SO-10481 · Example Customer Ltd', due: 'Friday 27 February, 17:00' }],
      today: [{ title: 'Call after delivery', about: 'Example Customer Ltd', due: 'today, 10:00' }],
      pool: [{ title: 'Overdue: Review the data package', about: 'order SO-10477 · Example Customer Ltd', due: 'today, 09:00' }],
    },
    survey: {
      name: 'Your delivery',
      intro: 'Three questions about your delivery.',
      link: 'https://rapport.example.com/c/sample-survey-link',
      expires_on: '2026-04-02',
    },
    testimonial: {
      proposed_text: 'The boards arrived a day early and exactly to spec.',
      link: 'https://rapport.example.com/c/sample-testimonial-link',
    },
  };
}

// --- rendering ---------------------------------------------------------------------------------

const LIMITS = { parseLimit: 100_000, renderLimit: 2_000, memoryLimit: 10_000_000 };
// templates: {} — an in-memory file system with nothing in it, so include/render/layout find no file.
const base = { ownPropertyOnly: true, strictFilters: true, templates: {}, relativeReference: false, ...LIMITS };
const engines = {
  strict: {
    text: new Liquid({ ...base, strictVariables: true }),
    html: new Liquid({ ...base, strictVariables: true, outputEscape: 'escape' }),
  },
  lenient: { text: new Liquid({ ...base }), html: new Liquid({ ...base, outputEscape: 'escape' }) },
};

/** A part of a draft still to be written ("[[what caused the delay]]"); none may be left when it is sent. */
export const DRAFT_PLACEHOLDER = /\[\[[^\]]*\]\]/;

/** The parts of a drafted message still to be written, in order (empty when it is ready to send). */
export function unwrittenParts(text: string): string[] {
  return [...text.matchAll(new RegExp(DRAFT_PLACEHOLDER.source, 'g'))].map((m) => m[0]);
}

/** A person's plain text as the HTML part: escaped, paragraphs on blank lines, line breaks kept. */
export function htmlOfText(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${esc(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

export interface TemplateProblem {
  path: keyof TemplateText;
  message: string;
}

/** "undefined variable: order.numbr, line:2, col:9" → "unknown variable order.numbr (line 2, column 9)". */
function describe(err: unknown): string {
  if (!(err instanceof LiquidError)) return err instanceof Error ? err.message : String(err);
  const raw = err.message.replace(/^[^:]*Error: /, '');
  const m = /^(.*), line:(\d+), col:(\d+)$/s.exec(raw);
  const what = (m ? m[1]! : raw).replace(/^undefined variable: (.*)$/, 'unknown variable $1');
  return m ? `${what} (line ${m[2]}, column ${m[3]})` : what;
}

async function renderPart(engine: Liquid, source: string, vars: MessageVariables): Promise<string> {
  const out: unknown = await engine.parseAndRender(source, vars);
  return String(out);
}

/**
 * Checks a template against every variable filled: a syntax error, an unknown filter or an
 * unknown variable is a problem naming the part, the name and the line.
 */
export async function checkTemplate(t: TemplateText, orgName = 'My company'): Promise<TemplateProblem[]> {
  const vars = sampleVariables(orgName);
  const problems: TemplateProblem[] = [];
  for (const path of ['subject', 'text', 'html'] as const) {
    try {
      await renderPart(path === 'html' ? engines.strict.html : engines.strict.text, t[path], vars);
    } catch (err) {
      problems.push({ path, message: describe(err) });
    }
  }
  return problems;
}

/** Thrown by renderMessage for a template that cannot be rendered (a problem per part). */
export class TemplateError extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

/**
 * Renders the three parts. Saved templates were checked, so a variable that is absent here (a
 * message without an order, an account without a CSR) renders empty rather than failing the
 * business action that queued it. The subject is one line.
 */
export async function renderMessage(t: TemplateText, vars: MessageVariables): Promise<RenderedMessage> {
  const problems: TemplateProblem[] = [];
  const part = async (path: keyof TemplateText, engine: Liquid) => {
    try {
      return await renderPart(engine, t[path], vars);
    } catch (err) {
      problems.push({ path, message: describe(err) });
      return '';
    }
  };
  const subject = (await part('subject', engines.lenient.text)).replace(/\s+/g, ' ').trim();
  const text = (await part('text', engines.lenient.text)).replace(/\n{3,}/g, '\n\n').trim();
  const html = (await part('html', engines.lenient.html)).trim();
  if (problems.length > 0) throw new TemplateError(problems);
  return { subject, text: `${text}\n`, html };
}

/**
 * Whether any part of the template reads `name` (liquidjs's static analysis: `portal_link` in
 * `{% if portal_link %}` counts, the words "portal_link" in plain text do not). A template that
 * does not parse reads nothing.
 */
export function usesVariable(t: TemplateText, name: string): boolean {
  return (['subject', 'text', 'html'] as const).some((path) => {
    try {
      return engines.lenient.text.globalVariablesSync(t[path]).includes(name);
    } catch {
      return false;
    }
  });
}
