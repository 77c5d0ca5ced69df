export function TotpEnrolmentPage() { return <main><h1>TotpEnrolmentPage</h1></main>; }
