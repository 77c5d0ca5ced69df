export function PasswordChangePage() { return <main><h1>PasswordChangePage</h1></main>; }
