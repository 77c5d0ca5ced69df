export function SessionsPage() { return <main><h1>SessionsPage</h1></main>; }
