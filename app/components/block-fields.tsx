import { BlockStack, InlineStack, Select, Tag, TextField } from "@shopify/polaris";
import type { PickerVariable } from "~/.server/admin/editor";
import { LINK_VARIABLES, PRODUCT_SOURCES, variablesIn, type BlockDocument, type EmailBlock } from "~/domain/email-blocks";
import type { Lang } from "./editor-state";
import { useT } from "./i18n";

type Props = {
  id: string;
  lang: Lang;
  block: EmailBlock;
  doc: BlockDocument;
  variables: PickerVariable[];
  onChange: (block: EmailBlock) => void;
};

/** Inserts `{{ path }}` where the cursor is in the field with this id. */
function insertAt(id: string, text: string, path: string, set: (next: string) => void) {
  const el = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
  const chip = `{{ ${path} }}`;
  const start = el?.selectionStart ?? text.length;
  const end = el?.selectionEnd ?? text.length;
  set(text.slice(0, start) + chip + text.slice(end));
  requestAnimationFrame(() => {
    el?.focus();
    el?.setSelectionRange(start + chip.length, start + chip.length);
  });
}

/** A text field whose variables are chips: inserted from a row of buttons, each shown with its fallback. */
function ChipText({ id, lang, label, value, multiline, doc, variables, onChange }: { id: string; lang: Lang; label: string; value: string; multiline?: boolean; doc: BlockDocument; variables: PickerVariable[]; onChange: (v: string) => void }) {
  const t = useT();
  const insertable = variables.filter((v) => !v.list && v.path !== "unsubscribe_url");
  const used = variablesIn(value);
  return (
    <BlockStack gap="150">
      <TextField id={id} label={label} autoComplete="off" multiline={multiline ? 3 : undefined} value={value} onChange={onChange} helpText={multiline ? t("blocks.textHelp") : undefined} />
      <Select
        id={`${id}-insert`}
        label={t("blocks.insert")}
        labelInline
        value=""
        options={[{ value: "", label: "—" }, ...insertable.map((v) => ({ value: v.path, label: v.path }))]}
        onChange={(path) => path && insertAt(id, value, path, onChange)}
      />
      {used.length > 0 && (
        <InlineStack gap="100" wrap>
          {used.map((path) => {
            const spec = variables.find((v) => v.path === path);
            const fallback = doc.fallbacks[path] ?? spec?.fallback[lang] ?? "";
            return (
              <span key={path} data-chip={path}>
                <Tag>{spec && !spec.required ? t("blocks.chip", { name: path, fallback }) : t("blocks.chipRequired", { name: path })}</Tag>
              </span>
            );
          })}
        </InlineStack>
      )}
    </BlockStack>
  );
}

function LinkField({ id, value, variables, onChange }: { id: string; value: string; variables: PickerVariable[]; onChange: (v: string) => void }) {
  const t = useT();
  const offered = LINK_VARIABLES.filter((path) => variables.some((v) => v.path === path));
  const custom = !(offered as readonly string[]).includes(value);
  return (
    <BlockStack gap="150">
      <Select
        id={`${id}-link`}
        label={t("blocks.link")}
        value={custom ? "custom" : value}
        options={[...offered.map((path) => ({ value: path, label: path })), { value: "custom", label: t("blocks.link.custom") }]}
        onChange={(v) => onChange(v === "custom" ? "https://" : v)}
      />
      {custom && <TextField id={`${id}-url`} label={t("blocks.url")} autoComplete="off" value={value} onChange={onChange} />}
    </BlockStack>
  );
}

/** The fields of one block, by its type. */
export function BlockFields({ id, lang, block, doc, variables, onChange }: Props) {
  const t = useT();
  const chip = (label: string, value: string, set: (v: string) => void, multiline?: boolean) => (
    <ChipText id={`${id}-text`} lang={lang} label={label} value={value} multiline={multiline} doc={doc} variables={variables} onChange={set} />
  );
  switch (block.type) {
    case "heading":
      return chip(t("blocks.text"), block.text, (text) => onChange({ ...block, text }));
    case "text":
    case "coupon":
      return chip(t("blocks.text"), block.text, (text) => onChange({ ...block, text }), true);
    case "button":
      return (
        <BlockStack gap="200">
          {chip(t("blocks.label"), block.label, (label) => onChange({ ...block, label }))}
          <LinkField id={id} value={block.href} variables={variables} onChange={(href) => onChange({ ...block, href })} />
        </BlockStack>
      );
    case "image":
      return (
        <BlockStack gap="200">
          <TextField id={`${id}-src`} label={t("blocks.src")} autoComplete="off" value={block.src} onChange={(src) => onChange({ ...block, src })} />
          <TextField id={`${id}-alt`} label={t("blocks.alt")} autoComplete="off" value={block.alt} onChange={(alt) => onChange({ ...block, alt })} />
          <TextField
            id={`${id}-width`}
            label={t("blocks.width")}
            type="number"
            autoComplete="off"
            value={block.width === undefined ? "" : String(block.width)}
            onChange={(w) => onChange({ ...block, width: w.trim() === "" ? undefined : Number(w) })}
          />
        </BlockStack>
      );
    case "products": {
      const offered = PRODUCT_SOURCES.filter((source) => variables.some((v) => v.path === source || v.path.startsWith(`${source}.`)));
      return (
        <BlockStack gap="200">
          <Select
            id={`${id}-source`}
            label={t("blocks.source")}
            value={block.source}
            options={(offered.length > 0 ? offered : [block.source]).map((s) => ({ value: s, label: t(`blocks.source.${s}`) }))}
            onChange={(source) => onChange({ ...block, source: source as typeof block.source })}
          />
          {block.source === "order.items" && (
            <TextField id={`${id}-review`} label={t("blocks.reviewLabel")} autoComplete="off" value={block.reviewLabel ?? ""} onChange={(reviewLabel) => onChange({ ...block, reviewLabel: reviewLabel || undefined })} />
          )}
        </BlockStack>
      );
    }
    case "spacer":
      return (
        <Select
          id={`${id}-size`}
          label={t("blocks.size")}
          value={block.size}
          options={(["small", "medium", "large"] as const).map((s) => ({ value: s, label: t(`blocks.size.${s}`) }))}
          onChange={(size) => onChange({ ...block, size: size as typeof block.size })}
        />
      );
    case "divider":
      return null;
  }
}
