export function AccountsPage() {
  return (
    <main>
      <h1>アカウント一覧</h1>
    </main>
  );
}
