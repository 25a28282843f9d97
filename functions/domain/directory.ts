import type { Config, Contact, Customer, Plan } from '../config/schema';

/**
 * Whether the sender may use the customer's plan (R-IN-4). LOOKALIKE: an unknown sender whose
 * domain imitates a customer's (functions/domain/sender-trust.ts).
 */
export type ContactStatus = 'DESIGNATED' | 'UNVERIFIED' | 'UNKNOWN_CUSTOMER' | 'LOOKALIKE';

export interface SenderIdentity {
  customer: Customer | null;
  contact: Contact | null;
  plan: (Plan & { name: string }) | null;
  status: ContactStatus;
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** Who wrote: a designated contact, someone else at a customer, or nobody we know (R-IN-4). */
export function identifySender(config: Config, email: string): SenderIdentity {
  const address = email.toLowerCase();
  for (const customer of config.customers) {
    const contact = customer.contacts.find((c) => c.email === address) ?? null;
    const domainMatches = customer.domains.includes(domainOf(address));
    if (!contact && !domainMatches) continue;
    const planConfig = config.plans[customer.plan];
    const plan = planConfig ? { ...planConfig, name: customer.plan } : null;
    const status: ContactStatus = contact?.designated ? 'DESIGNATED' : 'UNVERIFIED';
    return { customer, contact, plan, status };
  }
  return { customer: null, contact: null, plan: null, status: 'UNKNOWN_CUSTOMER' };
}
