// The core's side of the password and recovery-passphrase rule. The rule itself is in
// common/auth (password-strength: how many guesses a secret costs, CJK counted fairly) so
// the renderer's meter and form judge with the very same code; this file only turns a
// verdict into the Chinese message an ApiFailure carries.
import { judgeSecret } from '../../common/auth/password-strength';
import { relatedToAccount, relatedToNode, type AccountFacts, type NodeFacts } from '../../common/auth/related-texts';
import { describeVerdict } from '../../common/auth/strength-messages';

/** An account's password; `user` names what it must not be built from. Null when acceptable. */
export function checkPasswordStrength(password: string, user: AccountFacts): string | null {
  return describeVerdict(judgeSecret(password, 'password', relatedToAccount(user)));
}

/** The recovery passphrase: it guards every backup, so it must resist offline guessing. */
export function checkRecoveryPassphrase(passphrase: string, node: NodeFacts): string | null {
  return describeVerdict(judgeSecret(passphrase, 'recoveryPassphrase', relatedToNode(node)));
}
