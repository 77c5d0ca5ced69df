export function OrganizationsPage() {
  return (
    <main>
      <h1>組織一覧</h1>
    </main>
  );
}
