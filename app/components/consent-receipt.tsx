import type { ConsentReceipt } from "~/.server/compliance/consent-receipt";

/** The sender, date and result of a consent change, as the unsubscribe and confirmation pages show them. */
export function ConsentReceiptList({ receipt }: { receipt: ConsentReceipt }) {
  return (
    <dl lang={receipt.lang} style={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: "0.25rem 1rem", marginTop: "1.5rem" }}>
      {receipt.rows.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt style={{ color: "#4b5563" }}>{label}</dt>
          <dd style={{ margin: 0 }}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
