/** A padlock drawn in SVG (emoji fonts are not everywhere); the words beside it carry the meaning. */
export function LockIcon({ open = false, size = 14 }: { open?: boolean; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2.4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      style={{ verticalAlign: '-0.15em', flexShrink: 0 }}
    >
      <rect x="4" y="11" width="16" height="10" rx="2" fill="currentColor" fillOpacity={0.15} />
      <path d={open ? 'M8 11V7a4 4 0 0 1 7.6-1.7' : 'M8 11V7a4 4 0 0 1 8 0v4'} />
    </svg>
  );
}
