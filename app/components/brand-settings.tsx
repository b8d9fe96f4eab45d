// The settings page's brand section: logo (upload or URL), accent colour, button style and font, with
// a sample button drawn as emails draw it. Colours are checked for contrast by the save.
import { Banner, BlockStack, Button, DropZone, FormLayout, InlineStack, Select, Text, TextField, Thumbnail } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { BRAND_FONTS, BUTTON_FILLS, BUTTON_RADIUS, BUTTON_SHAPES, FONT_STACKS, buttonColours } from "~/domain/brand";
import { isHexColour } from "~/domain/contrast";
import type { BrandValues } from "~/.server/admin/brand-settings";
import { useT } from "./i18n";

/** The upload route's answer (routes/app.settings.logo.tsx). */
type LogoAnswer = { ok: true } | { ok: false; error: string };

export type LogoState = { uploadedUrl: string | null };

type Props = {
  values: BrandValues;
  errors: Record<string, string>;
  logo: LogoState;
  onChange: <K extends keyof BrandValues>(key: K, value: BrandValues[K]) => void;
};

const UPLOAD = "/app/settings/logo";

function SampleButton({ values }: { values: BrandValues }) {
  const t = useT();
  if (!isHexColour(values.brandAccent)) return null;
  const c = buttonColours({ accent: values.brandAccent, buttonFill: values.brandButtonFill });
  const style = {
    display: "inline-block",
    padding: "12px 20px",
    background: c.background,
    color: c.text,
    border: `2px solid ${c.border}`,
    borderRadius: BUTTON_RADIUS[values.brandButtonShape],
    fontWeight: 600,
    fontFamily: FONT_STACKS[values.brandFont],
  };
  return (
    <div style={{ padding: 16, background: "#ffffff", fontFamily: FONT_STACKS[values.brandFont] }}>
      <span style={style}>{t("settings.brand.sample")}</span>
    </div>
  );
}

export function BrandSettings({ values, errors, logo, onChange }: Props) {
  const t = useT();
  const upload = useFetcher<LogoAnswer>();
  const uploadError = upload.data && !upload.data.ok ? upload.data.error : null;
  const send = (file: File | undefined) => {
    if (!file) return;
    const form = new FormData();
    form.append("logo", file);
    upload.submit(form, { method: "post", action: UPLOAD, encType: "multipart/form-data" });
  };
  return (
    <FormLayout>
      <BlockStack gap="200">
        <Text as="span">{t("settings.brand.logo")}</Text>
        {logo.uploadedUrl ? (
          <InlineStack gap="300" blockAlign="center">
            <Thumbnail source={logo.uploadedUrl} alt={t("settings.brand.logo")} size="large" />
            <Text as="p" tone="subdued">
              {t("settings.brand.logoUploaded")}
            </Text>
            <Button tone="critical" loading={upload.state !== "idle"} onClick={() => upload.submit(null, { method: "delete", action: UPLOAD })}>
              {t("settings.brand.logoRemove")}
            </Button>
          </InlineStack>
        ) : (
          !values.brandLogoUrl && <Text as="p" tone="subdued">{t("settings.brand.logoNone")}</Text>
        )}
        <DropZone accept="image/png,image/jpeg,image/gif,image/webp" type="image" allowMultiple={false} label={t("settings.brand.logoUpload")} onDrop={(files) => send(files[0])}>
          <DropZone.FileUpload actionTitle={t("settings.brand.logoUpload")} actionHint={t("settings.brand.logoUploadHelp")} />
        </DropZone>
        {uploadError && <Banner tone="critical">{uploadError}</Banner>}
      </BlockStack>
      <TextField label={t("settings.brand.logoUrl")} type="url" autoComplete="off" value={values.brandLogoUrl} onChange={(v) => onChange("brandLogoUrl", v)} error={errors.brandLogoUrl} />
      <TextField
        label={t("settings.brand.accent")}
        autoComplete="off"
        value={values.brandAccent}
        onChange={(v) => onChange("brandAccent", v)}
        error={errors.brandAccent}
        prefix={isHexColour(values.brandAccent) ? <span style={{ display: "inline-block", width: 16, height: 16, borderRadius: 4, background: values.brandAccent }} /> : undefined}
      />
      <FormLayout.Group>
        <Select
          label={t("settings.brand.buttonFill")}
          value={values.brandButtonFill}
          onChange={(v) => onChange("brandButtonFill", BUTTON_FILLS.find((f) => f === v) ?? "filled")}
          options={BUTTON_FILLS.map((f) => ({ value: f, label: t(`settings.brand.fill.${f}`) }))}
          error={errors.brandButtonFill}
        />
        <Select
          label={t("settings.brand.buttonShape")}
          value={values.brandButtonShape}
          onChange={(v) => onChange("brandButtonShape", BUTTON_SHAPES.find((s) => s === v) ?? "rounded")}
          options={BUTTON_SHAPES.map((s) => ({ value: s, label: t(`settings.brand.shape.${s}`) }))}
          error={errors.brandButtonShape}
        />
        <Select
          label={t("settings.brand.font")}
          value={values.brandFont}
          onChange={(v) => onChange("brandFont", BRAND_FONTS.find((f) => f === v) ?? "sans")}
          options={BRAND_FONTS.map((f) => ({ value: f, label: t(`settings.brand.font.${f}`) }))}
          error={errors.brandFont}
        />
      </FormLayout.Group>
      <SampleButton values={values} />
    </FormLayout>
  );
}
