import * as Money from "@shopguide/core/util/money";
import { useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Index, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { ApiError } from "../../api/client";
import { type GuideInput, Guides } from "../../data/guides";
import { importProduct } from "../../data/uploads";
import { FormError } from "../../ui/form-error";
import { ImageUpload, type PickedImage } from "../../ui/image-upload";

const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "JPY", "SEK", "INR"];

interface CardDraft {
  title: string;
  url: string;
  imageUrl: string;
  price: string;
  currency: string;
  merchant: string;
  note: string;
  groupbuyId: string;
  /** An uploaded or imported image (its id is what the card sends), and its alt text. */
  image: PickedImage | null;
  imageAlt: string;
  importUrl: string;
}

const blankCard = (): CardDraft => ({
  title: "",
  url: "",
  imageUrl: "",
  price: "",
  currency: "USD",
  merchant: "",
  note: "",
  groupbuyId: "",
  image: null,
  imageAlt: "",
  importUrl: "",
});

const optional = (text: string) => (text.trim() ? text.trim() : undefined);

/** The guide editor: one form for a new draft and for editing, with Save draft, Preview and Publish. */
export default function EditorPage() {
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const [title, setTitle] = createSignal("");
  const [body, setBody] = createSignal("");
  const [cover, setCover] = createSignal("");
  const [coverImage, setCoverImage] = createSignal<PickedImage | null>(null);
  const [coverAlt, setCoverAlt] = createSignal("");
  const [uploading, setUploading] = createSignal(false);
  const [tags, setTags] = createSignal("");
  const [cards, setCards] = createStore<CardDraft[]>([blankCard()]);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [formError, setFormError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [id, setId] = createSignal(params.id);
  const [status, setStatus] = createSignal<"draft" | "published">("draft");

  const [existing] = createResource(
    () => params.id,
    async (guideId) => {
      const guide = await Guides.get(guideId);
      setTitle(guide.title);
      setBody(guide.body);
      setCover(guide.coverImageUrl ?? "");
      setCoverImage(guide.cover ?? null);
      setCoverAlt(guide.cover?.alt ?? "");
      setTags(guide.tags.join(", "));
      setStatus(guide.status);
      setCards(
        guide.items.map((item) => ({
          title: item.title,
          url: item.url,
          imageUrl: item.imageUrl ?? "",
          price: item.price ? Money.editable(item.price) : "",
          currency: item.price?.currency ?? "USD",
          merchant: item.merchant ?? "",
          note: item.note ?? "",
          groupbuyId: item.groupbuyId ?? "",
          image: item.image ?? null,
          imageAlt: item.image?.alt ?? "",
          importUrl: "",
        })),
      );
      return guide;
    },
  );

  const input = (): GuideInput => ({
    title: title(),
    body: body(),
    ...(cover().trim() ? { coverImageUrl: cover().trim() } : {}),
    ...(coverImage() ? { coverImageId: coverImage()?.id, coverAlt: coverAlt().trim() } : {}),
    tags: tags()
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    items: cards.map((card) => {
      const amount = Money.parse(card.price, card.currency);
      return {
        title: card.title,
        url: card.url.trim(),
        imageUrl: optional(card.imageUrl),
        price: amount === undefined ? undefined : { amount, currency: card.currency },
        merchant: optional(card.merchant),
        note: optional(card.note),
        groupbuyId: optional(card.groupbuyId),
        imageId: card.image?.id,
        imageAlt: card.image ? optional(card.imageAlt) : undefined,
      };
    }),
  });

  /** Saves the draft (creating it the first time) and answers its id, or undefined when it was refused. */
  const save = async (): Promise<string | undefined> => {
    setErrors({});
    setFormError();
    const priceProblem = cards.findIndex(
      (card) => card.price.trim() && Money.parse(card.price, card.currency) === undefined,
    );
    if (priceProblem >= 0) {
      setErrors({
        [`items.${priceProblem}.price`]: `Enter a price like ${Money.editable({ amount: 2990, currency: cards[priceProblem]?.currency ?? "USD" })}`,
      });
      setFormError("Some fields are not valid");
      return undefined;
    }
    try {
      const current = id();
      const saved = current
        ? await Guides.update(current, {
            ...input(),
            coverImageUrl: cover().trim() || null,
            coverImageId: coverImage()?.id ?? null,
          })
        : await Guides.create(input());
      setId(saved.id);
      return saved.id;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(error.fieldErrors());
      setFormError(error.message);
      return undefined;
    }
  };

  const run = async (after: "stay" | "preview" | "publish") => {
    setBusy(true);
    try {
      const guideId = await save();
      if (!guideId) return;
      if (after === "publish") await Guides.publish(guideId);
      if (after === "stay") {
        if (!params.id) navigate(`/studio/guides/${guideId}`, { replace: true });
        setFormError();
        return;
      }
      navigate(`/guides/${guideId}`);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (path: string) => errors()[path];

  /** Fills a card from a product page; everything stays editable. */
  const importCard = async (index: number) => {
    const url = cards[index]?.importUrl.trim();
    if (!url) return;
    setUploading(true);
    setErrors({});
    try {
      const found = await importProduct(url);
      setCards(index, (card) => ({
        ...card,
        title: found.title,
        url: card.url || found.url,
        merchant: found.merchant ?? card.merchant,
        price: found.price ? Money.editable(found.price) : card.price,
        currency: found.price?.currency ?? card.currency,
        image: found.image ?? card.image,
        imageAlt: found.image ? found.image.alt || found.title : card.imageAlt,
      }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors({ [`items.${index}.importUrl`]: error.message });
    } finally {
      setUploading(false);
    }
  };

  return (
    <section class="editor">
      <h1>{params.id ? "Edit guide" : "New guide"}</h1>
      <Show when={!existing.loading} fallback={<p class="loading">Loading guide…</p>}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run("stay");
          }}
          novalidate
        >
          <div class="field">
            <label for="title">Title</label>
            <input
              id="title"
              name="title"
              value={title()}
              onInput={(event) => setTitle(event.currentTarget.value)}
              maxLength={140}
              required
              aria-invalid={fieldError("title") ? "true" : undefined}
            />
            <Show when={fieldError("title")}>
              <small class="error">{fieldError("title")}</small>
            </Show>
          </div>
          <ImageUpload
            id="cover-file"
            label="Cover photo (optional)"
            purpose="guide_cover"
            image={coverImage()}
            onChange={setCoverImage}
            alt={{
              value: coverAlt(),
              onInput: setCoverAlt,
              label: "Describe the cover (alt text)",
              id: "cover-alt",
              error: fieldError("coverAlt"),
            }}
            error={fieldError("coverImageId")}
            sizes="(max-width: 600px) 100vw, 480px"
            previewClass="cover-preview"
            testId="cover"
          />
          <div class="field">
            <label for="cover">Cover image URL (optional)</label>
            <input
              id="cover"
              name="cover"
              type="url"
              value={cover()}
              onInput={(event) => setCover(event.currentTarget.value)}
              aria-invalid={fieldError("coverImageUrl") ? "true" : undefined}
            />
            <Show when={fieldError("coverImageUrl")}>
              <small class="error">{fieldError("coverImageUrl")}</small>
            </Show>
          </div>
          <div class="field">
            <label for="tags">Tags</label>
            <input
              id="tags"
              name="tags"
              value={tags()}
              onInput={(event) => setTags(event.currentTarget.value)}
              aria-describedby="tags-hint"
            />
            <small id="tags-hint" class="hint">
              Comma separated, up to 10: e.g. kitchen, gifts under 50
            </small>
            <Show when={fieldError("tags")}>
              <small class="error">{fieldError("tags")}</small>
            </Show>
          </div>
          <div class="field">
            <label for="body">Body (Markdown)</label>
            <textarea
              id="body"
              name="body"
              rows="10"
              value={body()}
              onInput={(event) => setBody(event.currentTarget.value)}
            />
          </div>

          <h2>Products</h2>
          <Show when={fieldError("items")}>
            <p class="error">{fieldError("items")}</p>
          </Show>
          <Index each={cards}>
            {(card, index) => (
              <fieldset class="card-editor" data-testid="card-editor">
                <legend>Product {index + 1}</legend>
                <div class="field import-row">
                  <label for={`card-${index}-importUrl`}>Import from a product page URL</label>
                  <input
                    id={`card-${index}-importUrl`}
                    name={`card-${index}-importUrl`}
                    type="url"
                    value={card().importUrl}
                    onInput={(event) => setCards(index, "importUrl", event.currentTarget.value)}
                    aria-invalid={fieldError(`items.${index}.importUrl`) ? "true" : undefined}
                  />
                  <button
                    type="button"
                    class="secondary"
                    disabled={uploading() || !card().importUrl.trim()}
                    onClick={() => void importCard(index)}
                  >
                    Import
                  </button>
                  <Show when={fieldError(`items.${index}.importUrl`)}>
                    <small class="error">{fieldError(`items.${index}.importUrl`)}</small>
                  </Show>
                </div>
                <ImageUpload
                  id={`card-${index}-image`}
                  label="Product photo (optional)"
                  purpose="product_card"
                  image={card().image}
                  onChange={(image) => setCards(index, "image", image)}
                  alt={{
                    value: card().imageAlt,
                    onInput: (text) => setCards(index, "imageAlt", text),
                    label: "Describe the product photo (alt text)",
                    error: fieldError(`items.${index}.imageAlt`),
                  }}
                  error={fieldError(`items.${index}.imageId`)}
                  previewClass="card-preview"
                  testId={`card-${index}-image`}
                />
                <For
                  each={
                    [
                      ["title", "Product name", "text"],
                      ["url", "Product page URL", "url"],
                      ["imageUrl", "Image URL (optional)", "url"],
                      ["merchant", "Shop (optional)", "text"],
                      ["groupbuyId", "Group-buy id (optional, shows its join card)", "text"],
                    ] as const
                  }
                >
                  {([key, label, type]) => (
                    <div class="field">
                      <label for={`card-${index}-${key}`}>{label}</label>
                      <input
                        id={`card-${index}-${key}`}
                        name={`card-${index}-${key}`}
                        type={type}
                        value={card()[key]}
                        onInput={(event) => setCards(index, key, event.currentTarget.value)}
                        aria-invalid={fieldError(`items.${index}.${key}`) ? "true" : undefined}
                      />
                      <Show when={fieldError(`items.${index}.${key}`)}>
                        <small class="error">{fieldError(`items.${index}.${key}`)}</small>
                      </Show>
                    </div>
                  )}
                </For>
                <div class="price-row">
                  <div class="field">
                    <label for={`card-${index}-price`}>Price (optional)</label>
                    <input
                      id={`card-${index}-price`}
                      name={`card-${index}-price`}
                      inputmode="decimal"
                      value={card().price}
                      onInput={(event) => setCards(index, "price", event.currentTarget.value)}
                      aria-invalid={fieldError(`items.${index}.price`) ? "true" : undefined}
                    />
                    <Show
                      when={fieldError(`items.${index}.price`) ?? fieldError(`items.${index}.price.amount`)}
                    >
                      {(message) => <small class="error">{message()}</small>}
                    </Show>
                  </div>
                  <div class="field">
                    <label for={`card-${index}-currency`}>Currency</label>
                    <select
                      id={`card-${index}-currency`}
                      value={card().currency}
                      onChange={(event) => setCards(index, "currency", event.currentTarget.value)}
                    >
                      <For each={CURRENCIES}>{(code) => <option value={code}>{code}</option>}</For>
                    </select>
                  </div>
                </div>
                <div class="field">
                  <label for={`card-${index}-note`}>Your note (optional)</label>
                  <textarea
                    id={`card-${index}-note`}
                    rows="2"
                    value={card().note}
                    onInput={(event) => setCards(index, "note", event.currentTarget.value)}
                  />
                </div>
                <Show when={cards.length > 1}>
                  <button
                    type="button"
                    class="link"
                    onClick={() => setCards((all) => all.filter((_, position) => position !== index))}
                  >
                    Remove product {index + 1}
                  </button>
                </Show>
              </fieldset>
            )}
          </Index>
          <Show when={cards.length < 30}>
            <button type="button" class="secondary" onClick={() => setCards(cards.length, blankCard())}>
              Add product
            </button>
          </Show>
          <p class="hint">Guides with products always show "Contains affiliate links" to readers.</p>
          <FormError message={formError()} />
          <div class="editor-actions">
            <button type="submit" class="secondary" disabled={busy()}>
              {status() === "published" ? "Save changes" : "Save draft"}
            </button>
            <button type="button" class="secondary" disabled={busy()} onClick={() => run("preview")}>
              Preview
            </button>
            <Show when={status() === "draft"}>
              <button type="button" disabled={busy()} onClick={() => run("publish")}>
                Publish
              </button>
            </Show>
          </div>
        </form>
      </Show>
    </section>
  );
}
