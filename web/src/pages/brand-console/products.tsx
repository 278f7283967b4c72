import * as Money from "@shopguide/core/util/money";
import { createSignal, For, Show } from "solid-js";
import { ApiError, api, unwrap } from "../../api/client";
import type { Brand } from "../../data/commerce";
import { createPagedList } from "../../data/paged";
import { Field } from "../../ui/field";
import { ImageUpload, type PickedImage } from "../../ui/image-upload";
import { Notice } from "../../ui/notice";
import { Picture } from "../../ui/picture";
import { ShowMore } from "../../ui/show-more";

export function ProductsTab(props: { brand: Brand }) {
  const products = createPagedList(
    () => props.brand.id,
    (brandId, cursor) =>
      unwrap(api.v1.brands[":brandId"].products.$get({ param: { brandId }, query: { cursor } })),
  );
  const [message, setMessage] = createSignal<string>();
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [image, setImage] = createSignal<PickedImage | null>(null);
  const [imageAlt, setImageAlt] = createSignal("");
  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setErrors({});
    const amount = Money.parse(String(data.get("price")), props.brand.currency);
    if (amount === undefined) {
      setErrors({
        "price.amount": `Enter a price like ${Money.editable({ amount: 1999, currency: props.brand.currency })}`,
      });
      return;
    }
    const returnWindow = String(data.get("returnWindowDays") ?? "");
    try {
      await unwrap(
        api.v1.brands[":brandId"].products.$post({
          param: { brandId: props.brand.id },
          json: {
            sku: String(data.get("sku")),
            name: String(data.get("productName")),
            price: { amount, currency: props.brand.currency },
            url: String(data.get("url") ?? "") || undefined,
            returnWindowDays: returnWindow ? Number(returnWindow) : undefined,
            ...(image() && { imageId: image()?.id, imageAlt: imageAlt().trim() || undefined }),
          },
        }),
      );
      form.reset();
      setImage(null);
      setImageAlt("");
      setMessage("Product added");
      products.reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(error.fieldErrors());
      setMessage(error.message);
    }
  };
  const importCsv = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const file = data.get("file");
    const csv = file instanceof File && file.size > 0 ? await file.text() : String(data.get("csv") ?? "");
    try {
      const result = await unwrap(
        api.v1.brands[":brandId"].products.import.$post({
          param: { brandId: props.brand.id },
          json: { csv },
        }),
      );
      setMessage(`Imported: ${result.created} new, ${result.updated} updated`);
      products.reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const details = Object.entries(error.fieldErrors()).map(([path, text]) => `${path}: ${text}`);
      setMessage([error.message, ...details].join("; "));
    }
  };
  return (
    <div>
      <h2>Catalogue</h2>
      <Show when={!products.first.loading} fallback={<p aria-busy="true">Loading…</p>}>
        <Show when={products.items().length > 0} fallback={<p class="empty">No products yet.</p>}>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Photo</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Name</th>
                  <th scope="col">Price</th>
                  <th scope="col">Return window</th>
                </tr>
              </thead>
              <tbody>
                <For each={products.items()}>
                  {(product) => (
                    <tr>
                      <td>
                        <Picture image={product.image} alt="" sizes="56px" class="thumb small" />
                      </td>
                      <td>{product.sku}</td>
                      <td>{product.name}</td>
                      <td>{Money.display(product.price)}</td>
                      <td>
                        {product.returnWindowDays === undefined ? "–" : `${product.returnWindowDays} days`}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <ShowMore list={products} noun="products" />
        </Show>
      </Show>
      <h3>Add a product</h3>
      <form onSubmit={add} novalidate>
        <Field label="SKU" name="sku" required error={errors().sku} />
        <Field label="Product name" name="productName" required error={errors().name} />
        <Field
          label={`Price (${props.brand.currency})`}
          name="price"
          inputMode="decimal"
          required
          error={errors()["price.amount"]}
        />
        <Field label="Product URL" name="url" type="url" error={errors().url} />
        <Field
          label="Return window (days)"
          name="returnWindowDays"
          type="number"
          min="0"
          error={errors().returnWindowDays}
        />
        <ImageUpload
          id="product-image"
          label="Product photo (optional)"
          purpose="product"
          image={image()}
          onChange={setImage}
          alt={{
            value: imageAlt(),
            onInput: setImageAlt,
            label: "Describe the product photo (alt text)",
            error: errors().imageAlt,
          }}
          error={errors().imageId}
          testId="product-image"
        />
        <button type="submit">Add product</button>
      </form>
      <h3>Import CSV</h3>
      <form onSubmit={importCsv}>
        <p class="hint">
          Header: sku,name,price[,currency,url,returnWindowDays]. Rows update products with the same SKU.
        </p>
        <div class="field">
          <label for="csv-file">CSV file</label>
          <input id="csv-file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <button type="submit">Import</button>
      </form>
      <Notice message={message()} />
    </div>
  );
}
