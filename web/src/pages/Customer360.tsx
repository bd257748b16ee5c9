/** Placeholder: being written. */
export function Customer360() {
  return <p>Coming soon.</p>;
}
