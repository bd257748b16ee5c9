/** Placeholder: being written. */
export function InsightPage() {
  return <p>Coming soon.</p>;
}
