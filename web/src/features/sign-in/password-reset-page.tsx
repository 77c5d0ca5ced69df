export function PasswordResetRequestPage() { return <main><h1>PasswordResetRequestPage</h1></main>; }
export function PasswordResetConfirmPage() { return <main><h1>PasswordResetConfirmPage</h1></main>; }
