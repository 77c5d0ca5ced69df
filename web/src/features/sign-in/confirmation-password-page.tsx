export function ConfirmationPasswordPage() { return <main><h1>ConfirmationPasswordPage</h1></main>; }
