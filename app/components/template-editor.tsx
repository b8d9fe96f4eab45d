import { BlockStack, Button, InlineStack, Text, TextField, Tooltip } from "@shopify/polaris";
import { useRef } from "react";
import type { PickerVariable } from "~/.server/admin/editor";
import type { EmailTemplate } from "~/.server/channels/email/templates";
import { BlockEditor } from "./block-editor";
import type { Lang } from "./editor-state";
import { useT } from "./i18n";

type Field = "subject" | "preheader" | "body";
type Props = {
  lang: Lang;
  /** The template's slot (~/domain/template-slot): field ids and errors are named by it. */
  slot: string;
  template: EmailTemplate;
  /** The built-in email for this slot (as blocks). */
  defaultTemplate: EmailTemplate;
  variables: PickerVariable[];
  errors: Record<string, string>;
  onChange: (template: EmailTemplate) => void;
};

/**
 * Subject and preheader with a variable picker that inserts at the cursor of the last field used, then
 * the body: its blocks, or the Liquid itself once the merchant chose to edit it as Liquid.
 */
export function TemplateEditor({ lang, slot, template, defaultTemplate, variables, errors, onChange }: Props) {
  const t = useT();
  const blocks = template.blocks !== undefined;
  const lastField = useRef<Field>(blocks ? "subject" : "body");
  const id = (field: Field) => `template-${slot.replace("#", "-")}-${field}`;
  const insert = (snippet: string) => {
    const field = blocks && lastField.current === "body" ? "subject" : lastField.current;
    const el = document.getElementById(id(field)) as HTMLInputElement | HTMLTextAreaElement | null;
    const text = template[field];
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    onChange({ ...template, [field]: text.slice(0, start) + snippet + text.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + snippet.length, start + snippet.length);
    });
  };
  const field = (name: Field, label: string, multiline?: number) => (
    <div onFocusCapture={() => (lastField.current = name)}>
      <TextField
        id={id(name)}
        label={label}
        autoComplete="off"
        multiline={multiline}
        monospaced={name === "body"}
        value={template[name]}
        onChange={(value) => onChange({ ...template, [name]: value })}
        error={errors[`templates.${slot}.${name}`]}
      />
    </div>
  );
  return (
    <BlockStack gap="300">
      {field("subject", t("editor.subject"))}
      {field("preheader", t("editor.preheader"))}
      <BlockStack gap="100">
        <Text as="span" variant="bodySm" tone="subdued">
          {t("editor.variables")} — {t("editor.variablesHelp")}
        </Text>
        <InlineStack gap="100" wrap>
          {variables.map((v) => (
            <Tooltip key={v.path} content={v.description}>
              <Button size="slim" onClick={() => insert(v.snippet[lang])} accessibilityLabel={`${t("editor.variables")}: ${v.path}`}>
                {v.path}
              </Button>
            </Tooltip>
          ))}
        </InlineStack>
      </BlockStack>
      <BlockEditor
        lang={lang}
        slot={slot}
        template={template}
        defaultTemplate={defaultTemplate}
        variables={variables}
        error={errors[`templates.${slot}.blocks`] ?? (blocks ? errors[`templates.${slot}.body`] : undefined)}
        onChange={onChange}
      />
      {!blocks && field("body", t("editor.body"), 10)}
    </BlockStack>
  );
}
