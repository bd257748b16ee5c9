/** Placeholder: being written. */
export function Dashboards() {
  return <p>Coming soon.</p>;
}
