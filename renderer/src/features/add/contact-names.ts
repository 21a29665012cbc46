/** Telegram's limits for a contact's names (TDLib: first 1–64 characters, last 0–64), as the add dialogs check them. */
export function firstNameError(firstName: string): string | null {
  const n = firstName.trim().length
  if (n === 0) return 'Enter a first name.'
  return n > 64 ? 'A first name can have up to 64 characters.' : null
}

export function lastNameError(lastName: string): string | null {
  return lastName.trim().length > 64 ? 'A last name can have up to 64 characters.' : null
}
