// ApiError's code is the catalogue's: screens branch on it and the compiler checks their literals.
import { describe, expect, it } from 'vitest';
import { ApiError } from './api';

describe('ApiError', () => {
  const problem = {
    type: 'https://rapport.dev/problems/orders/gate_open',
    title: 'Conflict',
    status: 409,
    code: 'orders.gate_open',
    detail: 'A gate is open.',
  };

  it('keeps a code of the catalogue, with the status and the detail', () => {
    const err = new ApiError(problem);
    expect([err.code, err.status, err.message]).toEqual(['orders.gate_open', 409, 'A gate is open.']);
  });

  it('calls a code the catalogue does not hold unknown (an answer that is not ours), keeping the problem as sent', () => {
    const err = new ApiError({ ...problem, code: 'proxy.bad_gateway' });
    expect(err.code).toBe('unknown');
    expect(err.problem.code).toBe('proxy.bad_gateway');
  });
});
