// The core's side of the password and recovery-passphrase rule. The rule itself is in
// common/auth (password-strength: how many guesses a secret costs, CJK counted fairly) so
// the renderer's meter and form judge with the very same code; this file only turns a
// verdict into the Chinese message an ApiFailure carries.
//
// The rule is loaded when a secret is first judged, not when the core starts: zxcvbn's
// dictionaries cost the process ≈ 15–20 MB of memory, and a node that registers, imports and
// syncs all day judges a password only when an account is made or a password changed.
import { relatedToAccount, relatedToNode, type AccountFacts, type NodeFacts } from '../../common/auth/related-texts';
import { describeVerdict } from '../../common/auth/strength-messages';

let rule: Promise<typeof import('../../common/auth/password-strength')> | undefined;
const loadRule = () => (rule ??= import('../../common/auth/password-strength'));

/** An account's password; `user` names what it must not be built from. Null when acceptable. */
export async function checkPasswordStrength(password: string, user: AccountFacts): Promise<string | null> {
  const { judgeSecret } = await loadRule();
  return describeVerdict(judgeSecret(password, 'password', relatedToAccount(user)));
}

/** The recovery passphrase: it guards every backup, so it must resist offline guessing. */
export async function checkRecoveryPassphrase(passphrase: string, node: NodeFacts): Promise<string | null> {
  const { judgeSecret } = await loadRule();
  return describeVerdict(judgeSecret(passphrase, 'recoveryPassphrase', relatedToNode(node)));
}
