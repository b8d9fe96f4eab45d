import { Banner, BlockStack, Box, Button, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { PickerVariable } from "~/.server/admin/editor";
import type { EmailTemplate } from "~/.server/channels/email/templates";
import { BLOCK_TYPES, compileBlocks, documentVariables, newBlock, type BlockDocument, type BlockType, type CompileContext, type EmailBlock } from "~/domain/email-blocks";
import { BlockFields } from "./block-fields";
import type { Lang } from "./editor-state";
import { useT } from "./i18n";

type Props = {
  lang: Lang;
  slot: string;
  template: EmailTemplate;
  /** The built-in email for this slot, as blocks: where "reset to blocks" goes. */
  defaultTemplate: EmailTemplate;
  variables: PickerVariable[];
  error?: string;
  onChange: (template: EmailTemplate) => void;
};

/** The compile context the server uses, rebuilt from the variables the editor was given. */
export function clientContext(lang: Lang, variables: PickerVariable[]): CompileContext {
  return {
    lang,
    optional: variables.filter((v) => !v.required).map((v) => v.path),
    defaultFallback: (path) => variables.find((v) => v.path === path)?.fallback[lang] ?? "",
  };
}

/** The body's blocks, or, once edited as Liquid, a notice and a way back to blocks. */
export function BlockEditor({ lang, slot, template, defaultTemplate, variables, error, onChange }: Props) {
  const t = useT();
  const [adding, setAdding] = useState<BlockType>("text");
  const doc = template.blocks;
  const base = `blocks-${slot.replace("#", "-")}`;
  if (!doc) {
    return (
      <Banner tone="info" title={t("blocks.liquidNotice")} action={{ content: t("blocks.reset"), onAction: () => onChange({ ...template, body: defaultTemplate.body, blocks: defaultTemplate.blocks }) }}>
        {t("blocks.resetHelp")}
      </Banner>
    );
  }
  const set = (next: BlockDocument) => onChange({ ...template, body: compileBlocks(next, clientContext(lang, variables)), blocks: next });
  const setBlock = (i: number, block: EmailBlock) => set({ ...doc, blocks: doc.blocks.map((b, j) => (j === i ? block : b)) });
  const move = (i: number, by: -1 | 1) => {
    const blocks = [...doc.blocks];
    [blocks[i], blocks[i + by]] = [blocks[i + by], blocks[i]];
    set({ ...doc, blocks });
  };
  const optionalUsed = documentVariables(doc).filter((path) => variables.some((v) => v.path === path && !v.required));
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {t("blocks.title")}
      </Text>
      {error && <Banner tone="critical">{error}</Banner>}
      {doc.blocks.length === 0 && (
        <Text as="p" tone="subdued">
          {t("blocks.empty")}
        </Text>
      )}
      {doc.blocks.map((block, i) => (
        <div key={`${i}-${block.type}`} data-block={block.type}>
          <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
            <BlockStack gap="200">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {t(`blocks.type.${block.type}`)}
                </Text>
                <InlineStack gap="100">
                  <Button size="micro" disabled={i === 0} onClick={() => move(i, -1)} accessibilityLabel={`${t("blocks.moveUp")}: ${t(`blocks.type.${block.type}`)} ${i + 1}`}>
                    ↑
                  </Button>
                  <Button size="micro" disabled={i === doc.blocks.length - 1} onClick={() => move(i, 1)} accessibilityLabel={`${t("blocks.moveDown")}: ${t(`blocks.type.${block.type}`)} ${i + 1}`}>
                    ↓
                  </Button>
                  <Button size="micro" tone="critical" onClick={() => set({ ...doc, blocks: doc.blocks.filter((_, j) => j !== i) })} accessibilityLabel={`${t("blocks.remove")}: ${t(`blocks.type.${block.type}`)} ${i + 1}`}>
                    ✕
                  </Button>
                </InlineStack>
              </InlineStack>
              <BlockFields id={`${base}-${i}`} lang={lang} block={block} doc={doc} variables={variables} onChange={(b) => setBlock(i, b)} />
            </BlockStack>
          </Box>
        </div>
      ))}
      <InlineStack gap="200" blockAlign="end">
        <Select
          id={`${base}-add-type`}
          label={t("blocks.addType")}
          value={adding}
          options={BLOCK_TYPES.map((type) => ({ value: type, label: t(`blocks.type.${type}`) }))}
          onChange={(v) => setAdding(v as BlockType)}
        />
        <Button id={`${base}-add`} onClick={() => set({ ...doc, blocks: [...doc.blocks, newBlock(adding, lang)] })}>
          {t("blocks.add")}
        </Button>
      </InlineStack>
      {optionalUsed.length > 0 && (
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("blocks.fallbacks")}
          </Text>
          {optionalUsed.map((path) => (
            <TextField
              key={path}
              id={`${base}-fallback-${path.replace(/\./g, "-")}`}
              label={t("blocks.fallbackFor", { name: path })}
              autoComplete="off"
              value={doc.fallbacks[path] ?? variables.find((v) => v.path === path)?.fallback[lang] ?? ""}
              onChange={(value) => set({ ...doc, fallbacks: { ...doc.fallbacks, [path]: value } })}
            />
          ))}
        </BlockStack>
      )}
      <InlineStack gap="200" blockAlign="center">
        <Button variant="plain" onClick={() => onChange({ subject: template.subject, preheader: template.preheader, body: template.body })}>
          {t("blocks.editLiquid")}
        </Button>
        <Text as="span" variant="bodySm" tone="subdued">
          {t("blocks.editLiquidHelp")}
        </Text>
      </InlineStack>
    </BlockStack>
  );
}
