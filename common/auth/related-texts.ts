// The texts an attacker knows about an account or a node, given to the strength rule so a
// password built from them counts for little. One function per place a secret is set, so
// the form and the core pass the same list and so reach the same verdict.

export interface AccountFacts {
  username: string;
  displayName: string;
  unit: string;
}

export interface NodeFacts {
  unitName: string;
  creditCode: string;
  divisionCode: string;
  admin: { username: string; displayName: string };
}

/** A user's own password: their username, name and section. */
export function relatedToAccount(user: AccountFacts): string[] {
  return [user.username, user.displayName, user.unit];
}

/** First setup: the unit's name and codes (printed on its certificates) and the first admin. */
export function relatedToNode(node: NodeFacts): string[] {
  return [node.unitName, node.creditCode, node.divisionCode, node.admin.username, node.admin.displayName];
}
