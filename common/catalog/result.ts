// The one result shape every validator returns, so the form and the core can treat
// all of them alike. `message` is plain Chinese for township staff.
export type ValueResult = { ok: true; value: string } | { ok: false; message: string };
