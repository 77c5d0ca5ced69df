export function IpChangeRequestPage() { return <main><h1>IpChangeRequestPage</h1></main>; }
export function IpChangeConfirmPage() { return <main><h1>IpChangeConfirmPage</h1></main>; }
